/// The 64-bit FNV-1a hash of a canonical row (issue 4 item 6): every value is prefixed with its length (4 bytes,
/// little-endian; NULL is `0xFFFFFFFF` with no bytes), so that `("ab", "c")` and `("a", "bc")` hash differently.
/// Hashes of a set of rows are combined by wrapping addition, which does not depend on row order.
enum RowHash {
    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    /// The hash of one row of canonical values.
    static func hash(_ values: [[UInt8]?]) -> UInt64 {
        var hash = offsetBasis
        for value in values {
            let length = value.map { UInt32(truncatingIfNeeded: $0.count) } ?? UInt32.max
            for shift in stride(from: 0, to: 32, by: 8) {
                hash = (hash ^ UInt64(truncatingIfNeeded: length >> UInt32(shift))) &* prime
            }
            if let value {
                for byte in value { hash = (hash ^ UInt64(byte)) &* prime }
            }
        }
        return hash
    }

    /// A hash as 16 lowercase hex digits, for display and JSON (where 64-bit integers lose precision).
    static func hex(_ hash: UInt64) -> String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
