/*
 * asan.h - VOW_ASAN is defined when AddressSanitizer instruments this
 * file: gcc says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer).
 * (VOW_TSAN, the same for ThreadSanitizer, lives in tsan_hb.h.)
 */
#ifndef VOW_ASAN_H
#define VOW_ASAN_H

#if defined(__SANITIZE_ADDRESS__)
#define VOW_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VOW_ASAN 1
#endif
#endif

#endif /* VOW_ASAN_H */
