/* A persistent pool of pthreads for the kernels: a job over [0, m) is cut into chunks that the caller
 * and the helpers claim one by one. Helpers spin briefly for the next job, then sleep. */
#ifndef SN_POOL_H
#define SN_POOL_H

#include <stdint.h>

#include "kernels.h"

/** One share of a job: rows (or samples) [r0, r1), with the running thread's scratch. Returns 0, or -1 when out of memory. */
typedef int (*sn_job)(void *ctx, int64_t r0, int64_t r1, sn_scratch *s);

typedef struct sn_pool sn_pool;

/** A pool of `threads` in all (the caller and threads − 1 helpers), or NULL when threads could not be started. */
sn_pool *sn_pool_create(int threads);
int sn_pool_threads(const sn_pool *p);
/** Runs `job` over [0, m) in chunks of `chunk` (the last ends at m), claimed by whichever thread is free, the caller's included; waits for all. */
int sn_pool_run(sn_pool *p, sn_job job, void *ctx, int64_t m, int64_t chunk, sn_scratch *caller);
/** Stops and joins the helpers, frees their scratch and the pool. */
void sn_pool_destroy(sn_pool *p);

#endif
