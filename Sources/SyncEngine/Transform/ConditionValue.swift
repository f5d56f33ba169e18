/// A value while a row condition is evaluated (MySQL Reference Manual 14.3 "Type Conversion in Expression
/// Evaluation", reduced to what a sync filter needs): SQL NULL, a truth value, a number kept as its decimal text
/// (never rounded through Double when exact), or the bytes of any other value.
enum ConditionValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// Number text: a column of a numeric type, or a numeric literal as written.
    case number([UInt8])
    /// Text or binary bytes (strings, dates and times in their interchange form, ENUM, SET, JSON, BINARY ...).
    case text([UInt8])

    /// The bytes compared when the comparison is byte-wise: numbers as written, truth values as `1` / `0`.
    var bytes: [UInt8]? {
        switch self {
        case .null: nil
        case .bool(let value): [value ? UInt8(ascii: "1") : UInt8(ascii: "0")]
        case .number(let text), .text(let text): text
        }
    }

    /// The value as a number when the comparison is numeric: nil for NULL and for text that is not a number.
    var number: ConditionNumber? {
        switch self {
        case .null: nil
        case .bool(let value): ConditionNumber(value ? [UInt8(ascii: "1")] : [UInt8(ascii: "0")])
        case .number(let text), .text(let text): ConditionNumber(text)
        }
    }
}

/// A number for comparison: exact (`DecimalText`: integers of any size, DECIMAL(65,30)) when written as
/// `[-]digits[.digits]`, otherwise a finite Double (FLOAT/DOUBLE values and literals with an exponent).
struct ConditionNumber: Sendable, Hashable {
    var exact: DecimalText?
    var approximate: Double

    /// Parses number text; nil for anything that is not a finite number.
    init?(_ text: [UInt8]) {
        var trimmed = text[...]
        while let first = trimmed.first, first == UInt8(ascii: " ") { trimmed = trimmed.dropFirst() }
        while let last = trimmed.last, last == UInt8(ascii: " ") { trimmed = trimmed.dropLast() }
        guard let first = trimmed.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")),
            let double = Double(String(decoding: trimmed, as: UTF8.self)), double.isFinite
        else { return nil }
        exact = DecimalText(trimmed)
        approximate = double
    }

    /// Orders two numbers: exactly when both are exact, else by their Double values.
    static func compare(_ lhs: ConditionNumber, _ rhs: ConditionNumber) -> Int {
        if let left = lhs.exact, let right = rhs.exact { return left.compare(right) }
        return lhs.approximate < rhs.approximate ? -1 : (lhs.approximate > rhs.approximate ? 1 : 0)
    }
}

extension DecimalText {
    /// -1, 0 or 1 as `self` is less than, equal to or greater than `other`, exactly.
    func compare(_ other: DecimalText) -> Int {
        if isNegative != other.isNegative { return isNegative ? -1 : 1 }
        let magnitude = Self.compareMagnitude(self, other)
        return isNegative ? -magnitude : magnitude
    }

    private static func compareMagnitude(_ lhs: DecimalText, _ rhs: DecimalText) -> Int {
        if lhs.integerDigits.count != rhs.integerDigits.count {
            return lhs.integerDigits.count < rhs.integerDigits.count ? -1 : 1
        }
        for (left, right) in zip(lhs.integerDigits, rhs.integerDigits) where left != right {
            return left < right ? -1 : 1
        }
        for (left, right) in zip(lhs.fractionDigits, rhs.fractionDigits) where left != right {
            return left < right ? -1 : 1
        }
        if lhs.fractionDigits.count != rhs.fractionDigits.count {
            return lhs.fractionDigits.count < rhs.fractionDigits.count ? -1 : 1
        }
        return 0
    }
}

/// SQL's three truth values (MySQL Reference Manual 14.4.3 "Logical Operators").
enum Truth: Sendable, Hashable {
    case yes, no, unknown

    init(_ value: Bool) { self = value ? .yes : .no }

    static prefix func ! (truth: Truth) -> Truth {
        switch truth {
        case .yes: .no
        case .no: .yes
        case .unknown: .unknown
        }
    }

    static func && (lhs: Truth, rhs: Truth) -> Truth {
        if lhs == .no || rhs == .no { return .no }
        return lhs == .yes && rhs == .yes ? .yes : .unknown
    }

    static func || (lhs: Truth, rhs: Truth) -> Truth {
        if lhs == .yes || rhs == .yes { return .yes }
        return lhs == .no && rhs == .no ? .no : .unknown
    }

    /// The truth of a value used as a condition: NULL is unknown, a number is true when not zero.
    init(of value: ConditionValue) {
        switch value {
        case .null: self = .unknown
        case .bool(let value): self = Truth(value)
        case .number, .text:
            guard let number = value.number else {
                self = .no
                return
            }
            self = Truth(number.approximate != 0 || (number.exact.map { !$0.isZero } ?? false))
        }
    }
}
