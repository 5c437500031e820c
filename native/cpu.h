#ifndef SN_CPU_H
#define SN_CPU_H

#include "kernels.h"

/** The instruction sets in order of preference, NULL-terminated: "avx512", "avx2", "portable". */
extern const char *const SN_ISAS[];
/** Whether this CPU (and its operating system) runs the target's instructions. */
int sn_cpu_runs(const char *isa);
/** The target's kernels when they were compiled into this module, else NULL. */
const sn_kernels *sn_compiled(const char *isa);
/** The fastest compiled table this CPU runs. */
const sn_kernels *sn_best(void);

#endif
