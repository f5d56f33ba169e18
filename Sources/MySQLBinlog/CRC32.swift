import CCRC32
import NIOCore

/// CRC-32 with the zlib/IEEE 802.3 polynomial (reflected 0xEDB88320), as used by `binlog_checksum=CRC32`
/// (MySQL manual, "Replication and Binary Logging Options", binlog_checksum). Inputs of 64 bytes and more are
/// folded with carry-less multiplication (`CCRC32`, PCLMULQDQ) when the CPU has it; the rest is table-driven,
/// slicing by 16: sixteen 256-entry tables let the loop consume 16 bytes per step.
public enum CRC32 {
    /// Whether `tide_crc32_fold` may be called on this CPU.
    static let canFold = tide_crc32_fold_available() != 0

    /// `tables[k * 256 + i]`: the CRC of byte `i` followed by `k` zero bytes.
    static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 16 * 256)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            tables[index] = crc
        }
        for slice in 1..<16 {
            for index in 0..<256 {
                let previous = tables[(slice - 1) * 256 + index]
                tables[slice * 256 + index] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// Continues a CRC over `bytes`, starting from `crc` (0 for a fresh checksum).
    public static func update<Bytes: Sequence>(_ crc: UInt32, _ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var value = ~crc
        tables.withUnsafeBufferPointer { table in
            for byte in bytes {
                value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8)
            }
        }
        return ~value
    }

    /// Continues a CRC over raw memory: folded with PCLMULQDQ down to 16 bytes when there are 64 or more and the
    /// CPU can, then 16 bytes per table step.
    public static func update(_ crc: UInt32, raw bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard bytes.count >= 64, canFold, let base = bytes.baseAddress else {
            return ~tableUpdate(~crc, raw: bytes)
        }
        let folded = bytes.count & ~15
        var block: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &block) { out in
            guard let target = out.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            tide_crc32_fold(~crc, base.assumingMemoryBound(to: UInt8.self), folded, target)
        }
        let value = withUnsafeBytes(of: &block) { tableUpdate(0, raw: $0) }
        return ~tableUpdate(value, raw: UnsafeRawBufferPointer(rebasing: bytes[folded...]))
    }

    /// The table loop of ``update(_:raw:)``: continues the CRC register `register` (the CRC without its
    /// inversions) over `bytes`, 16 bytes per step (``update(_:raw:)`` without carry-less multiplication).
    static func tableUpdate(_ register: UInt32, raw bytes: UnsafeRawBufferPointer) -> UInt32 {
        tables.withUnsafeBufferPointer { table -> UInt32 in
            guard let base = table.baseAddress else { return register }
            var value = register
            var offset = 0
            let count = bytes.count
            @inline(__always) func lookup(_ slice: Int, _ word: UInt32, _ shift: UInt32) -> UInt32 {
                base[slice &* 256 &+ Int((word &>> shift) & 0xFF)]
            }
            @inline(__always) func word(_ at: Int) -> UInt32 {
                UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            }
            // The twelve lookups of bytes 4..<16 of the block at `at` do not depend on the running CRC.
            @inline(__always) func rest(_ at: Int) -> UInt32 {
                let second = word(at + 4)
                let third = word(at + 8)
                let fourth = word(at + 12)
                let b = (lookup(11, second, 0) ^ lookup(10, second, 8)) ^ (lookup(9, second, 16) ^ lookup(8, second, 24))
                let c = (lookup(7, third, 0) ^ lookup(6, third, 8)) ^ (lookup(5, third, 16) ^ lookup(4, third, 24))
                let d = (lookup(3, fourth, 0) ^ lookup(2, fourth, 8)) ^ (lookup(1, fourth, 16) ^ lookup(0, fourth, 24))
                return (b ^ c) ^ d
            }
            if count >= 16 {
                // Software-pipelined: the CRC-independent part of the next block is computed while this block's
                // four CRC-dependent lookups run, so the loop-carried chain is four lookups long, not sixteen
                // (LLVM otherwise chains all sixteen xors through the running value).
                var pending = rest(0)
                while true {
                    let first = word(offset) ^ value
                    let next = count - offset >= 32 ? rest(offset + 16) : 0
                    let a = (lookup(15, first, 0) ^ lookup(14, first, 8)) ^ (lookup(13, first, 16) ^ lookup(12, first, 24))
                    value = a ^ pending
                    offset += 16
                    guard count - offset >= 16 else { break }
                    pending = next
                }
            }
            while offset < count {
                value = base[Int((value ^ UInt32(bytes[offset])) & 0xFF)] ^ (value >> 8)
                offset += 1
            }
            return value
        }
    }

    /// The CRC-32 of the readable bytes of `buffer`.
    public static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        buffer.withUnsafeReadableBytes { update(0, raw: $0) }
    }
}
