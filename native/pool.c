/* The thread pool (pool.h). A job is published by bumping a sequence number; a helper polls it for
 * SPIN_NS, then sleeps on a condition variable, so a training loop's back-to-back kernels find it
 * awake and an idle process costs no CPU. The caller computes the first range, then polls (and
 * sleeps) until every helper has counted itself done. */
#define _POSIX_C_SOURCE 200809L
#include "pool.h"

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

/** How long a thread polls before it sleeps (waking a sleeping thread costs tens of µs; see docs/benchmarks.md). */
#define SPIN_NS 100000

void *sn_scratch_get(sn_scratch *s, size_t bytes) {
  if (bytes <= s->bytes) return s->data;
  size_t want = bytes + bytes / 4;
  want = (want + 63) & ~(size_t)63;
  void *p = NULL;
  if (posix_memalign(&p, 64, want) != 0) return NULL;
  free(s->data);
  s->data = p;
  s->bytes = want;
  return p;
}

typedef struct helper {
  pthread_t thread;
  sn_pool *pool;
  int index;
  sn_scratch scratch;
} helper;

struct sn_pool {
  int threads;
  helper *helpers;
  sn_job job;
  void *ctx;
  int64_t m, align;
  atomic_ullong seq;
  atomic_int pending;
  atomic_int failed;
  atomic_int stop;
  atomic_int sleepers;
  pthread_mutex_t mu;
  pthread_cond_t wake, done;
};

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* [r0, r1) of part i of `parts`, bounds multiples of align, the last ending at m */
static void share(int64_t m, int64_t align, int i, int parts, int64_t *r0, int64_t *r1) {
  int64_t blocks = (m + align - 1) / align;
  *r0 = blocks * i / parts * align;
  *r1 = i == parts - 1 ? m : blocks * (i + 1) / parts * align;
  if (*r0 > m) *r0 = m;
  if (*r1 > m) *r1 = m;
}

/* polls `done(arg)` for SPIN_NS; 1 when it became true */
static int spin(int (*done)(sn_pool *, unsigned long long), sn_pool *p, unsigned long long arg) {
  int64_t until = now_ns() + SPIN_NS;
  for (int i = 0;; i++) {
    if (done(p, arg)) return 1;
    relax();
    if ((i & 63) == 63 && now_ns() > until) return 0;
  }
}

static int new_job(sn_pool *p, unsigned long long seen) { return atomic_load(&p->seq) != seen || atomic_load(&p->stop); }
static int all_done(sn_pool *p, unsigned long long unused) { return (void)unused, atomic_load(&p->pending) == 0; }

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
    int64_t r0, r1;
    share(p->m, p->align, h->index, p->threads, &r0, &r1);
    if (r0 < r1 && p->job(p->ctx, r0, r1, &h->scratch) != 0) atomic_store(&p->failed, 1);
    if (atomic_fetch_sub(&p->pending, 1) == 1) {
      pthread_mutex_lock(&p->mu);
      pthread_cond_signal(&p->done);
      pthread_mutex_unlock(&p->mu);
    }
  }
}

sn_pool *sn_pool_create(int threads) {
  if (threads < 1) threads = 1;
  sn_pool *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->threads = 1;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->wake, NULL);
  pthread_cond_init(&p->done, NULL);
  p->helpers = calloc((size_t)threads, sizeof(helper));
  if (!p->helpers) {
    sn_pool_destroy(p);
    return NULL;
  }
  for (int i = 1; i < threads; i++) {
    helper *h = &p->helpers[i - 1];
    h->pool = p;
    h->index = i;
    if (pthread_create(&h->thread, NULL, helper_main, h) != 0) {
      sn_pool_destroy(p);
      return NULL;
    }
    p->threads = i + 1;
  }
  return p;
}

int sn_pool_threads(const sn_pool *p) { return p ? p->threads : 1; }

int sn_pool_run(sn_pool *p, sn_job job, void *ctx, int64_t m, int64_t align, sn_scratch *caller) {
  int64_t r0, r1;
  if (!p || p->threads == 1) return m > 0 ? job(ctx, 0, m, caller) : 0;
  p->job = job;
  p->ctx = ctx;
  p->m = m;
  p->align = align < 1 ? 1 : align;
  atomic_store(&p->failed, 0);
  atomic_store(&p->pending, p->threads - 1);
  atomic_fetch_add(&p->seq, 1);
  if (atomic_load(&p->sleepers) > 0) {
    pthread_mutex_lock(&p->mu);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->mu);
  }
  share(m, p->align, 0, p->threads, &r0, &r1);
  int rc = r0 < r1 ? job(ctx, r0, r1, caller) : 0;
  if (!spin(all_done, p, 0)) {
    pthread_mutex_lock(&p->mu);
    while (atomic_load(&p->pending) != 0) pthread_cond_wait(&p->done, &p->mu);
    pthread_mutex_unlock(&p->mu);
  }
  return rc != 0 || atomic_load(&p->failed) ? -1 : 0;
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
  pthread_cond_destroy(&p->done);
  pthread_cond_destroy(&p->wake);
  pthread_mutex_destroy(&p->mu);
  free(p);
}
