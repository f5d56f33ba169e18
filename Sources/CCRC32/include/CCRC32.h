// CRC-32/ISO-HDLC (zlib's polynomial, binlog_checksum=CRC32) folded with carry-less multiplication (PCLMULQDQ),
// after Gopal et al., "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ Instruction" (Intel, 2009).
// MySQLBinlog's CRC32 calls it for long inputs when the CPU has the instruction and finishes with its table loop.
#ifndef TIDE_CCRC32_H
#define TIDE_CCRC32_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has PCLMULQDQ (CPUID leaf 1, ECX bit 1) and `tide_crc32_fold` may be called; 0 otherwise
/// (and always 0 off x86-64).
int tide_crc32_fold_available(void);

/// Folds `count` bytes at `data` (`count` a multiple of 16, at least 64) into 16 bytes written to `out`, such that
/// the CRC register (the reflected CRC without its final inversion) of those 16 bytes, starting from 0, equals the
/// register of `data` starting from `state`. Only call it when `tide_crc32_fold_available()` returned 1.
void tide_crc32_fold(uint32_t state, const uint8_t *data, size_t count, uint8_t out[16]);

#endif
