// See include/CCRC32.h. Method (Intel's paper, bit-reflected form): four 128-bit lanes each hold 16 message bytes;
// a lane moves D bits further down the message by multiplying its low 64 bits by x^(D+32) mod P and its high 64 bits
// by x^(D-32) mod P (both bit-reflected and shifted left by one for the reflected product), so that the xor of the
// two products is congruent to the lane times x^D and can be xored into the bytes D bits on. Four lanes fold by
// D = 512 per 64-byte step, then into one lane by D = 128. The constants were computed for P = 0x104C11DB7 as
// reverse32(x^e mod P) << 1 (e = 544, 480, 160, 96).
#include "CCRC32.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int tide_crc32_fold_available(void) {
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    return (ecx & bit_PCLMUL) != 0;
}

__attribute__((target("pclmul,sse2"))) static inline __m128i fold(__m128i lane, __m128i constants, __m128i next) {
    __m128i low = _mm_clmulepi64_si128(lane, constants, 0x00);   // lane's low 64 bits times constants' low
    __m128i high = _mm_clmulepi64_si128(lane, constants, 0x11);  // lane's high 64 bits times constants' high
    return _mm_xor_si128(_mm_xor_si128(low, high), next);
}

__attribute__((target("pclmul,sse2"))) void tide_crc32_fold(
    uint32_t state, const uint8_t *data, size_t count, uint8_t out[16]) {
    // (high, low): x^480 and x^544 for 512 bits, x^96 and x^160 for 128 bits.
    const __m128i by512 = _mm_set_epi64x(0x1c6e41596LL, 0x154442bd4LL);
    const __m128i by128 = _mm_set_epi64x(0x0ccaa009eLL, 0x1751997d0LL);
    __m128i a = _mm_xor_si128(_mm_loadu_si128((const __m128i *)data), _mm_cvtsi32_si128((int)state));
    __m128i b = _mm_loadu_si128((const __m128i *)(data + 16));
    __m128i c = _mm_loadu_si128((const __m128i *)(data + 32));
    __m128i d = _mm_loadu_si128((const __m128i *)(data + 48));
    data += 64;
    count -= 64;
    while (count >= 64) {
        a = fold(a, by512, _mm_loadu_si128((const __m128i *)data));
        b = fold(b, by512, _mm_loadu_si128((const __m128i *)(data + 16)));
        c = fold(c, by512, _mm_loadu_si128((const __m128i *)(data + 32)));
        d = fold(d, by512, _mm_loadu_si128((const __m128i *)(data + 48)));
        data += 64;
        count -= 64;
    }
    a = fold(a, by128, b);
    a = fold(a, by128, c);
    a = fold(a, by128, d);
    while (count >= 16) {
        a = fold(a, by128, _mm_loadu_si128((const __m128i *)data));
        data += 16;
        count -= 16;
    }
    _mm_storeu_si128((__m128i *)out, a);
}

#else

int tide_crc32_fold_available(void) { return 0; }

void tide_crc32_fold(uint32_t state, const uint8_t *data, size_t count, uint8_t out[16]) {
    (void)state; (void)data; (void)count; (void)out;
}

#endif
