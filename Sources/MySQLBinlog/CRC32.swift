import NIOCore

/// CRC-32 with the zlib/IEEE 802.3 polynomial (reflected 0xEDB88320), as used by `binlog_checksum=CRC32`
/// (MySQL manual, "Replication and Binary Logging Options", binlog_checksum). Table-driven, slicing by 16:
/// sixteen 256-entry tables let the loop consume 16 bytes per step.
public enum CRC32 {
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

    /// Continues a CRC over raw memory, 16 bytes per step.
    public static func update(_ crc: UInt32, raw bytes: UnsafeRawBufferPointer) -> UInt32 {
        tables.withUnsafeBufferPointer { table -> UInt32 in
            guard let base = table.baseAddress else { return crc }
            var value = ~crc
            var offset = 0
            let count = bytes.count
            // The sixteen lookups of a step are independent: xor them as a tree (four chains of four) so the
            // step is not one long dependency chain through `value`.
            @inline(__always) func lookup(_ slice: Int, _ word: UInt32, _ shift: UInt32) -> UInt32 {
                base[slice &* 256 &+ Int((word &>> shift) & 0xFF)]
            }
            while count - offset >= 16 {
                let first = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) ^ value
                let second = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
                let third = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self))
                let fourth = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                let a = (lookup(15, first, 0) ^ lookup(14, first, 8)) ^ (lookup(13, first, 16) ^ lookup(12, first, 24))
                let b = (lookup(11, second, 0) ^ lookup(10, second, 8)) ^ (lookup(9, second, 16) ^ lookup(8, second, 24))
                let c = (lookup(7, third, 0) ^ lookup(6, third, 8)) ^ (lookup(5, third, 16) ^ lookup(4, third, 24))
                let d = (lookup(3, fourth, 0) ^ lookup(2, fourth, 8)) ^ (lookup(1, fourth, 16) ^ lookup(0, fourth, 24))
                value = (a ^ b) ^ (c ^ d)
                offset += 16
            }
            while offset < count {
                value = base[Int((value ^ UInt32(bytes[offset])) & 0xFF)] ^ (value >> 8)
                offset += 1
            }
            return ~value
        }
    }

    /// The CRC-32 of the readable bytes of `buffer`.
    public static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        buffer.withUnsafeReadableBytes { update(0, raw: $0) }
    }
}
