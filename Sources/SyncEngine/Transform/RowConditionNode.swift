import NIOCore

/// The parsed form of a row condition: an expression tree evaluated on one row image with SQL's three-valued logic
/// (MySQL Reference Manual 14.4 "Operators"). Whether a comparison is numeric or byte-wise is decided once, when
/// the condition is parsed (`RowConditionParser`), from the types of its operands.
indirect enum RowConditionNode: Sendable {
    enum Comparison: String, Sendable {
        case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case nullSafeEqual = "<=>"
    }

    /// How operands are compared: as exact numbers, as temporal values (date, datetime and timestamp text brought
    /// to one `YYYY-MM-DD HH:MM:SS.ffffff` form first, so '2024-01-01' equals a DATETIME at midnight and '...:00.5'
    /// equals '...:00.500'), or by their bytes.
    enum Mode: Sendable, Hashable {
        case numeric, temporal, text
    }

    /// The value of column `index` of the row (plan column order); `kind` decides how its bytes are read.
    case column(index: Int, kind: ColumnType.Kind)
    case literal(ConditionValue)
    case compare(Comparison, RowConditionNode, RowConditionNode, mode: Mode)
    case and(RowConditionNode, RowConditionNode)
    case or(RowConditionNode, RowConditionNode)
    case not(RowConditionNode)
    case isNull(RowConditionNode, negated: Bool)
    case isIn(RowConditionNode, [RowConditionNode], negated: Bool, mode: Mode)
    case between(RowConditionNode, RowConditionNode, RowConditionNode, negated: Bool, mode: Mode)
    /// `pattern` is compiled when the pattern is a literal; otherwise it is compiled per row from `patternNode`.
    case like(RowConditionNode, pattern: LikePattern?, patternNode: RowConditionNode, escape: UInt8, negated: Bool)

    /// The truth of this node on `row`.
    func truth(_ row: Row) -> Truth {
        switch self {
        case .column, .literal:
            return Truth(of: value(row))
        case .compare(let comparison, let lhs, let rhs, let mode):
            return Self.compare(comparison, lhs.value(row), rhs.value(row), mode: mode)
        case .and(let lhs, let rhs):
            let left = lhs.truth(row)
            return left == .no ? .no : left && rhs.truth(row)
        case .or(let lhs, let rhs):
            let left = lhs.truth(row)
            return left == .yes ? .yes : left || rhs.truth(row)
        case .not(let operand):
            return !operand.truth(row)
        case .isNull(let operand, let negated):
            let isNull = operand.value(row) == .null
            return Truth(isNull != negated)
        case .isIn(let operand, let list, let negated, let mode):
            let value = operand.value(row)
            var result = Truth.no
            for item in list {
                result = result || Self.compare(.equal, value, item.value(row), mode: mode)
                if result == .yes { break }
            }
            return negated ? !result : result
        case .between(let operand, let low, let high, let negated, let mode):
            let value = operand.value(row)
            let result =
                Self.compare(.greaterOrEqual, value, low.value(row), mode: mode)
                && Self.compare(.lessOrEqual, value, high.value(row), mode: mode)
            return negated ? !result : result
        case .like(let operand, let pattern, let patternNode, let escape, let negated):
            guard let text = operand.value(row).bytes else { return .unknown }
            let compiled: LikePattern
            if let pattern {
                compiled = pattern
            } else {
                guard let bytes = patternNode.value(row).bytes else { return .unknown }
                compiled = LikePattern(bytes, escape: escape)
            }
            let matches = compiled.matches(text)
            return Truth(matches != negated)
        }
    }

    /// The value of this node on `row` (a condition node's value is its truth, unknown as NULL).
    func value(_ row: Row) -> ConditionValue {
        switch self {
        case .column(let index, let kind):
            guard let buffer = row[index] else { return .null }
            let bytes = Array(buffer.readableBytesView)
            if kind == .bit { return .number(Self.unsignedText(bytes)) }
            return ColumnType(kind: kind).isNumeric ? .number(bytes) : .text(bytes)
        case .literal(let value):
            return value
        default:
            switch truth(row) {
            case .yes: return .bool(true)
            case .no: return .bool(false)
            case .unknown: return .null
            }
        }
    }

    static func compare(_ comparison: Comparison, _ lhs: ConditionValue, _ rhs: ConditionValue, mode: Mode)
        -> Truth
    {
        if comparison == .nullSafeEqual {
            if lhs == .null || rhs == .null { return Truth(lhs == .null && rhs == .null) }
            return compare(.equal, lhs, rhs, mode: mode)
        }
        let order: Int
        switch mode {
        case .numeric:
            guard let left = lhs.number, let right = rhs.number else { return .unknown }
            order = ConditionNumber.compare(left, right)
        case .temporal, .text:
            guard var left = lhs.bytes, var right = rhs.bytes else { return .unknown }
            if mode == .temporal {
                left = Self.temporal(left)
                right = Self.temporal(right)
            }
            order = left.lexicographicallyPrecedes(right) ? -1 : (left == right ? 0 : 1)
        }
        switch comparison {
        case .equal, .nullSafeEqual: return Truth(order == 0)
        case .notEqual: return Truth(order != 0)
        case .less: return Truth(order < 0)
        case .lessOrEqual: return Truth(order <= 0)
        case .greater: return Truth(order > 0)
        case .greaterOrEqual: return Truth(order >= 0)
        }
    }

    /// Date or datetime text (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.f...]`, also with `T`) as
    /// `YYYY-MM-DD HH:MM:SS.ffffff`; anything else unchanged.
    static func temporal(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return bytes }
        var text = bytes
        if text.count == 10 { text += Array(" 00:00:00".utf8) }
        guard text.count >= 19, text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":") else { return bytes }
        if text[10] == UInt8(ascii: "T") { text[10] = UInt8(ascii: " ") }
        if text.count == 19 { text.append(UInt8(ascii: ".")) }
        guard text[19] == UInt8(ascii: "."), text.count <= 26 else { return bytes }
        text += repeatElement(UInt8(ascii: "0"), count: 26 - text.count)
        return text
    }

    /// A BIT value (big-endian bytes) as decimal text; more than 8 bytes cannot occur (BIT(64) at most).
    static func unsignedText(_ bytes: [UInt8]) -> [UInt8] {
        var value: UInt64 = 0
        for byte in bytes.suffix(8) { value = value << 8 | UInt64(byte) }
        return Array(String(value).utf8)
    }
}
