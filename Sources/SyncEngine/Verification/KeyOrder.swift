/// The order in which both `OrderedTableReader`s return rows (Capabilities.swift; issue 4 item 6), applied to
/// canonical key tuples so that the verifier's merge walks both sides in step:
/// - integers of any size (unsigned 64-bit and beyond) and DECIMAL: by exact value, compared as decimal text;
/// - FLOAT/DOUBLE: by value (NaN last);
/// - DATE/DATETIME/TIMESTAMP: by value (their canonical text has fixed widths); TIME by value, negative first;
/// - everything else (strings, ENUM, SET, binary, BIT): by bytes, a prefix first (`memcmp`, `COLLATE "C"`).
/// NULL (a zero date read as NULL) sorts first. Values that do not parse as their type compare by bytes.
public enum KeyOrder {
    /// The result of a comparison.
    public enum Order: Sendable, Hashable {
        case less, equal, greater

        /// The opposite order.
        public var reversed: Order {
            switch self {
            case .less: .greater
            case .equal: .equal
            case .greater: .less
            }
        }
    }

    /// Compares two key tuples column by column; `types` holds the key columns' types in key order.
    public static func compare(_ lhs: [[UInt8]?], _ rhs: [[UInt8]?], types: [ColumnType]) -> Order {
        for position in 0..<min(lhs.count, rhs.count) {
            let type = position < types.count ? types[position] : ColumnType(kind: .varbinary)
            let order = compare(lhs[position], rhs[position], type: type)
            if order != .equal { return order }
        }
        return lhs.count == rhs.count ? .equal : (lhs.count < rhs.count ? .less : .greater)
    }

    /// Compares two canonical values of a column of `type`.
    public static func compare(_ lhs: [UInt8]?, _ rhs: [UInt8]?, type: ColumnType) -> Order {
        guard let lhs, let rhs else {
            return lhs == nil && rhs == nil ? .equal : (lhs == nil ? .less : .greater)
        }
        switch type.kind {
        case .tinyInt, .smallInt, .mediumInt, .int, .bigInt, .year, .decimal:
            guard let left = DecimalText(lhs), let right = DecimalText(rhs) else { return compareBytes(lhs, rhs) }
            return DecimalText.compare(left, right)
        case .float, .double:
            guard let left = Double(String(decoding: lhs, as: UTF8.self)),
                let right = Double(String(decoding: rhs, as: UTF8.self))
            else { return compareBytes(lhs, rhs) }
            if left.isNaN || right.isNaN { return left.isNaN == right.isNaN ? .equal : (left.isNaN ? .greater : .less) }
            return left == right ? .equal : (left < right ? .less : .greater)
        case .time:
            return CanonicalTemporal.compareTime(lhs, rhs)
        case .date, .datetime, .timestamp, .bit, .char, .varchar, .text, .binary, .varbinary, .blob, .enum, .set,
            .json, .geometry:
            return compareBytes(lhs, rhs)
        }
    }

    /// Unsigned byte-wise order, a prefix before any longer value.
    public static func compareBytes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Order {
        let common = min(lhs.count, rhs.count)
        var position = 0
        while position < common {
            let left = lhs[position]
            let right = rhs[position]
            if left != right { return left < right ? .less : .greater }
            position += 1
        }
        return lhs.count == rhs.count ? .equal : (lhs.count < rhs.count ? .less : .greater)
    }
}
