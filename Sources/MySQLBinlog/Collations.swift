/// The few collation facts the decoder needs: which ids are binary, UTF-8 or single-byte Latin-1.
/// (Ids from `SHOW COLLATION` of MySQL 8/9 and MariaDB 10.11.)
enum Collations {
    /// The `binary` collation.
    static let binary: UInt16 = 63

    /// Decodes `bytes` to text for the UTF-8 family, ASCII and latin1; nil for other charsets.
    static func decode(_ bytes: [UInt8], collationID: UInt16?) -> String? {
        guard let collationID else { return String(decoding: bytes, as: UTF8.self) }
        switch collationID {
        case 8, 5, 15, 31, 47, 48, 49, 94:  // latin1_*
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case 11, 65:  // ascii
            return String(decoding: bytes, as: UTF8.self)
        case 33, 45, 46, 76, 83, 192...247, 255...323, 576...578, 608...610, 1024...2047, 2048...3071:
            return String(decoding: bytes, as: UTF8.self)
        default:
            return nil
        }
    }
}
