#pragma once

/// INITSCOPE_CLONES: compile a function twice, for AVX2 and for the baseline x86-64, and pick the
/// copy at load time by the CPU (GCC function multi-versioning). Elsewhere it is empty. Use it
/// only on loops whose result does not depend on the copy (integer counts, or float code whose
/// operations are the same in both: the project builds with -ffp-contract=off).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define INITSCOPE_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define INITSCOPE_CLONES
#endif
