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
        var value = ~crc
        tables.withUnsafeBufferPointer { table in
            var offset = 0
            let count = bytes.count
            while count - offset >= 16 {
                let first = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) ^ value
                let second = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
                let third = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self))
                let fourth = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                var next = table[15 * 256 + Int(first & 0xFF)] ^ table[14 * 256 + Int((first >> 8) & 0xFF)]
                next ^= table[13 * 256 + Int((first >> 16) & 0xFF)] ^ table[12 * 256 + Int(first >> 24)]
                next ^= table[11 * 256 + Int(second & 0xFF)] ^ table[10 * 256 + Int((second >> 8) & 0xFF)]
                next ^= table[9 * 256 + Int((second >> 16) & 0xFF)] ^ table[8 * 256 + Int(second >> 24)]
                next ^= table[7 * 256 + Int(third & 0xFF)] ^ table[6 * 256 + Int((third >> 8) & 0xFF)]
                next ^= table[5 * 256 + Int((third >> 16) & 0xFF)] ^ table[4 * 256 + Int(third >> 24)]
                next ^= table[3 * 256 + Int(fourth & 0xFF)] ^ table[2 * 256 + Int((fourth >> 8) & 0xFF)]
                next ^= table[256 + Int((fourth >> 16) & 0xFF)] ^ table[Int(fourth >> 24)]
                value = next
                offset += 16
            }
            while count - offset >= 8 {
                let low = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) ^ value
                let high = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
                value = table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ table[256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
                offset += 8
            }
            while offset < count {
                value = table[Int((value ^ UInt32(bytes[offset])) & 0xFF)] ^ (value >> 8)
                offset += 1
            }
        }
        return ~value
    }

    /// The CRC-32 of the readable bytes of `buffer`.
    public static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        buffer.withUnsafeReadableBytes { update(0, raw: $0) }
    }
}
