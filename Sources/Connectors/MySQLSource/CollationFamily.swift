/// Collation ids whose bytes are already UTF-8 (MySQL 8/9 and MariaDB 10.11 `SHOW COLLATION`: utf8mb3, utf8mb4,
/// their UCA and 0900 variants, MariaDB's NO PAD and UCA 14.0 ids) or ASCII.
enum CollationFamily {
    /// Whether text in collation `id` is UTF-8 (ASCII included).
    static func isUTF8OrASCII(_ id: UInt16) -> Bool {
        switch id {
        case 11, 65: return true  // ascii
        case 33, 45, 46, 76, 83, 192...247, 255...323, 576...578, 608...610, 2048...3071: return true
        case 1024..<2048: return isUTF8OrASCII(id - 1024)  // MariaDB NO PAD variants
        default: return false
        }
    }
}

/// MySQL's latin1, which is Windows-1252 (bytes 0x80...0x9F are typographic characters; the five Windows leaves
/// undefined map to the C1 controls), converted to UTF-8 as the server converts it for `SET NAMES utf8mb4`.
enum Latin1 {
    private static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D,
        0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// The UTF-8 bytes of latin1 `bytes`.
    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            let scalar = byte >= 0x80 && byte <= 0x9F ? high[Int(byte - 0x80)] : UInt32(byte)
            switch scalar {
            case 0..<0x80: result.append(UInt8(scalar))
            case 0x80..<0x800:
                result.append(UInt8(0xC0 | scalar >> 6))
                result.append(UInt8(0x80 | scalar & 0x3F))
            default:
                result.append(UInt8(0xE0 | scalar >> 12))
                result.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
                result.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
        return result
    }
}
