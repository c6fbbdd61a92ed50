/*
 * nojit.c - turn PCRE2's JIT off, for running the host under valgrind.
 *
 * PCRE2's JIT-compiled matchers read whole 16-byte vectors, past the end
 * of the subject but within its page, which valgrind reports as invalid
 * reads in code it cannot name ("???"). Preloading this library makes
 * pcre2_jit_compile() fail as it does on a CPU without JIT support, so the
 * engine falls back to the interpreter and valgrind sees real errors only:
 *
 *   LD_PRELOAD=build-host/liblw_nojit.so valgrind ... lurewatch-host
 */
#include <stdint.h>

/* PCRE2_ERROR_JIT_BADOPTION in pcre2.h: what a build without JIT answers. */
#define JIT_UNSUPPORTED (-45)

/* Refuse to JIT-compile any pattern (8-bit code units). */
int pcre2_jit_compile_8(void *code, uint32_t options);

int pcre2_jit_compile_8(void *code, uint32_t options)
{
	(void)code;
	(void)options;
	return JIT_UNSUPPORTED;
}
