/// A position in a server's binlog: file name and byte offset (`SHOW MASTER STATUS` File/Position).
///
/// Ordered across files by the numeric suffix of the name (`mysql-bin.000009` < `mysql-bin.000010`), then by
/// offset; names without a numeric suffix fall back to text order.
public struct BinlogPosition: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The binlog file name, e.g. `mysql-bin.000003`.
    public var file: String
    /// Byte offset in the file (4 = first event).
    public var position: UInt64

    /// The memberwise initialiser.
    public init(file: String, position: UInt64) {
        self.file = file
        self.position = position
    }

    /// The numeric suffix of the file name, if any.
    public var sequence: UInt64? {
        guard let dot = file.lastIndex(of: ".") else { return nil }
        return UInt64(file[file.index(after: dot)...])
    }

    public static func < (lhs: BinlogPosition, rhs: BinlogPosition) -> Bool {
        if lhs.file != rhs.file {
            if let left = lhs.sequence, let right = rhs.sequence, left != right { return left < right }
            return lhs.file < rhs.file
        }
        return lhs.position < rhs.position
    }

    public var description: String { "\(file):\(position)" }
}
