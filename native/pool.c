/* The thread pool (pool.h). A job is cut into chunks that every thread, the caller included, claims
 * one at a time from a shared counter, so a helper that is slow to wake (or not scheduled at all on a
 * busy machine) costs nothing: the caller takes the chunks it leaves and only waits for chunks a helper
 * has actually started. Helpers poll for a new job for SPIN_NS, then sleep on a condition variable.
 *
 * A claim is a compare-and-swap on one word holding the job's number and its next chunk, so a helper
 * that read an older job's description can never claim a chunk of the new one; job descriptions
 * alternate between two slots, so the one a running job uses is never overwritten. */
#define _POSIX_C_SOURCE 200809L
#include "pool.h"
#include "args.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define relax() _mm_pause()
#else
#define relax() ((void)0)
#endif

/** How long a thread polls before it sleeps (waking a sleeping thread costs tens of µs; docs/benchmarks.md, "Threads"). */
#define SPIN_NS 100000

void *sn_scratch_get(sn_scratch *s, size_t bytes) {
  if (bytes <= s->bytes) return s->data;
  size_t want = bytes + bytes / 4;
  want = (want + 63) & ~(size_t)63;
  void *p = NULL;
  if (posix_memalign(&p, 64, want) != 0) return NULL;
  free(s->data);
  sn_huge_pages(p, want);
  s->data = p;
  s->bytes = want;
  return p;
}

typedef struct helper {
  pthread_t thread;
  sn_pool *pool;
  sn_scratch scratch;
} helper;

typedef struct slot {
  _Atomic(sn_job) job;
  _Atomic(void *) ctx;
  atomic_llong m, chunk, chunks;
} slot;

struct sn_pool {
  int threads;
  helper *helpers;
  slot slots[2];
  /** the job's number (low 32 bits) in the high half, the next chunk to claim in the low half */
  atomic_ullong claim;
  atomic_ullong seq;
  atomic_llong done;
  atomic_int failed, stop, sleepers;
  pthread_mutex_t mu;
  pthread_cond_t wake, finished;
};

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* polls `done(p, arg)` for SPIN_NS; 1 when it became true */
static int spin(int (*done)(sn_pool *, unsigned long long), sn_pool *p, unsigned long long arg) {
  int64_t until = now_ns() + SPIN_NS;
  for (int i = 0;; i++) {
    if (done(p, arg)) return 1;
    relax();
    if ((i & 63) == 63 && now_ns() > until) return 0;
  }
}

static int new_job(sn_pool *p, unsigned long long seen) { return atomic_load(&p->seq) != seen || atomic_load(&p->stop); }
static int all_done(sn_pool *p, unsigned long long chunks) { return atomic_load(&p->done) == (long long)chunks; }

/* claims and runs chunks of job `s` until none are left (or another job has begun) */
static void work(sn_pool *p, unsigned long long s, sn_scratch *scratch) {
  slot *sl = &p->slots[s & 1];
  sn_job job = atomic_load_explicit(&sl->job, memory_order_relaxed);
  void *ctx = atomic_load_explicit(&sl->ctx, memory_order_relaxed);
  long long m = atomic_load_explicit(&sl->m, memory_order_relaxed), chunk = atomic_load_explicit(&sl->chunk, memory_order_relaxed);
  long long chunks = atomic_load_explicit(&sl->chunks, memory_order_relaxed);
  unsigned long long tag = (s & 0xFFFFFFFFull) << 32;
  for (;;) {
    unsigned long long c = atomic_load(&p->claim);
    if ((c & ~0xFFFFFFFFull) != tag || (long long)(c & 0xFFFFFFFFull) >= chunks) return;
    if (!atomic_compare_exchange_weak(&p->claim, &c, c + 1)) continue;
    long long i = (long long)(c & 0xFFFFFFFFull);
    int64_t r0 = i * chunk, r1 = r0 + chunk < m ? r0 + chunk : m;
    if (job(ctx, r0, r1, scratch) != 0) atomic_store(&p->failed, 1);
    if (atomic_fetch_add(&p->done, 1) + 1 == chunks) {
      pthread_mutex_lock(&p->mu);
      pthread_cond_signal(&p->finished);
      pthread_mutex_unlock(&p->mu);
    }
  }
}

static void *helper_main(void *arg) {
  helper *h = arg;
  sn_pool *p = h->pool;
  unsigned long long seen = 0;
  for (;;) {
    if (!spin(new_job, p, seen)) {
      pthread_mutex_lock(&p->mu);
      atomic_fetch_add(&p->sleepers, 1);
      while (!new_job(p, seen)) pthread_cond_wait(&p->wake, &p->mu);
      atomic_fetch_sub(&p->sleepers, 1);
      pthread_mutex_unlock(&p->mu);
    }
    if (atomic_load(&p->stop)) return NULL;
    seen = atomic_load(&p->seq);
    work(p, seen, &h->scratch);
  }
}

sn_pool *sn_pool_create(int threads) {
  if (threads < 1) threads = 1;
  sn_pool *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->threads = 1;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->wake, NULL);
  pthread_cond_init(&p->finished, NULL);
  p->helpers = calloc((size_t)threads, sizeof(helper));
  if (!p->helpers) {
    sn_pool_destroy(p);
    return NULL;
  }
  for (int i = 1; i < threads; i++) {
    helper *h = &p->helpers[i - 1];
    h->pool = p;
    if (pthread_create(&h->thread, NULL, helper_main, h) != 0) {
      sn_pool_destroy(p);
      return NULL;
    }
    p->threads = i + 1;
  }
  return p;
}

int sn_pool_threads(const sn_pool *p) { return p ? p->threads : 1; }

int sn_pool_run(sn_pool *p, sn_job job, void *ctx, int64_t m, int64_t chunk, sn_scratch *caller) {
  if (m <= 0) return 0;
  if (chunk < 1) chunk = 1;
  long long chunks = (m + chunk - 1) / chunk;
  if (!p || p->threads == 1 || chunks == 1) return job(ctx, 0, m, caller);
  unsigned long long s = atomic_load(&p->seq) + 1;
  slot *sl = &p->slots[s & 1];
  atomic_store_explicit(&sl->job, job, memory_order_relaxed);
  atomic_store_explicit(&sl->ctx, ctx, memory_order_relaxed);
  atomic_store_explicit(&sl->m, m, memory_order_relaxed);
  atomic_store_explicit(&sl->chunk, chunk, memory_order_relaxed);
  atomic_store_explicit(&sl->chunks, chunks, memory_order_relaxed);
  atomic_store(&p->failed, 0);
  atomic_store(&p->done, 0);
  atomic_store(&p->claim, (s & 0xFFFFFFFFull) << 32);
  atomic_store(&p->seq, s);
  if (atomic_load(&p->sleepers) > 0) {
    pthread_mutex_lock(&p->mu);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
  }
  work(p, s, caller);
  if (!spin(all_done, p, (unsigned long long)chunks)) {
    pthread_mutex_lock(&p->mu);
    while (!all_done(p, (unsigned long long)chunks)) pthread_cond_wait(&p->finished, &p->mu);
    pthread_mutex_unlock(&p->mu);
  }
  return atomic_load(&p->failed) ? -1 : 0;
}

void sn_pool_destroy(sn_pool *p) {
  if (!p) return;
  pthread_mutex_lock(&p->mu);
  atomic_store(&p->stop, 1);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->mu);
  for (int i = 1; i < p->threads; i++) {
    pthread_join(p->helpers[i - 1].thread, NULL);
    free(p->helpers[i - 1].scratch.data);
  }
  free(p->helpers);
  pthread_cond_destroy(&p->finished);
  pthread_cond_destroy(&p->wake);
  pthread_mutex_destroy(&p->mu);
  free(p);
}
