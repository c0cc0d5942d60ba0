/* core/ivm.h: the few macros every ipamvmm module shares. */
#ifndef IVM_IVM_H
#define IVM_IVM_H

#include <stddef.h>

#define IVM_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define IVM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define IVM_NORETURN __attribute__((noreturn))
#else
#define IVM_PRINTF(f, a)
#define IVM_NORETURN
#endif

#endif
