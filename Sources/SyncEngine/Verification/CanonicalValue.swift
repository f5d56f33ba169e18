import NIOCore

/// The form both sides of a verification must agree on (issue 4 item 6). Both readers return values in the
/// interchange form of `Row`, but the destination's engine re-formats some of them (PostgreSQL pads DECIMAL to its
/// scale, prints `real` with more digits, drops NUL bytes from text, stores zero dates as NULL ...). Canonical forms:
/// - integers: plain decimal (no '+', no leading zeros, `-0` is `0`); TINYINT(1) as boolean: `1`/`0`;
/// - DECIMAL: exactly the column scale (more significant digits than that are kept, never rounded away);
/// - FLOAT parsed as `Float`, DOUBLE as `Double`, printed shortest (`-0` is `0`);
/// - DATETIME/TIMESTAMP/TIME: 6 fraction digits; TIME hours at least 2 digits; zero dates NULL when asked;
/// - JSON: keys sorted, no insignificant whitespace, numbers by exact value (`CanonicalJSON`); bad JSON as is;
/// - text: NUL bytes removed when asked; CHAR without trailing spaces (MySQL strips them, PostgreSQL pads);
/// - everything else (binary, BIT, GEOMETRY, DATE, YEAR's digits aside): the bytes as they are.
/// Values that do not parse as their type compare as their raw bytes: never a crash, never a false "equal".
public enum CanonicalValue {
    /// The canonical bytes of `value` of a column of `type`; nil for SQL NULL (and for zero dates when
    /// `options.zeroDateAsNull`).
    public static func canonical(_ value: ByteBuffer?, type: ColumnType, options: CanonicalOptions) -> [UInt8]? {
        guard let value else { return nil }
        return canonical(bytes: value.readableBytesView, type: type, options: options)
    }

    /// `canonical(_:type:options:)` over any bytes.
    static func canonical(bytes: some Collection<UInt8>, type: ColumnType, options: CanonicalOptions) -> [UInt8]? {
        switch type.kind {
        case .tinyInt where options.tinyInt1AsBoolean && type.length == 1:
            return boolean(bytes)
        case .tinyInt, .smallInt, .mediumInt, .int, .bigInt, .year:
            if isPlainInteger(bytes) { return Array(bytes) }
            return DecimalText(bytes).map { $0.text(scale: nil) } ?? Array(bytes)
        case .decimal:
            return DecimalText(bytes).map { $0.text(scale: max(0, type.scale)) } ?? Array(bytes)
        case .float:
            return floatingPoint(bytes, as: Float.self)
        case .double:
            return floatingPoint(bytes, as: Double.self)
        case .date, .datetime, .timestamp:
            return CanonicalTemporal.dateTime(Array(bytes), zeroDateAsNull: options.zeroDateAsNull)
        case .time:
            return CanonicalTemporal.time(Array(bytes))
        case .json:
            let raw = Array(bytes)
            return CanonicalJSON.canonical(raw) ?? raw
        case .char:
            var text = self.text(bytes, stripNUL: options.stripNULFromText)
            while text.last == UInt8(ascii: " ") { text.removeLast() }
            return text
        case .varchar, .text, .enum, .set:
            return text(bytes, stripNUL: options.stripNULFromText)
        case .bit, .binary, .varbinary, .blob, .geometry:
            return Array(bytes)
        }
    }

    /// Whether `bytes` already are an integer's canonical text (`0`, or `[-]` and digits without a leading zero):
    /// the common case, answered without parsing.
    private static func isPlainInteger(_ bytes: some Collection<UInt8>) -> Bool {
        var digits = bytes[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        guard let first = digits.first else { return false }
        if first == UInt8(ascii: "0") { return digits.count == 1 && digits.count == bytes.count }
        return digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func text(_ bytes: some Collection<UInt8>, stripNUL: Bool) -> [UInt8] {
        stripNUL ? bytes.filter { $0 != 0 } : Array(bytes)
    }

    /// `1` for any non-zero number or `t`/`true`, `0` for zero or `f`/`false`, raw bytes otherwise.
    private static func boolean(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let number = DecimalText(bytes) { return number.isZero ? [UInt8(ascii: "0")] : [UInt8(ascii: "1")] }
        switch String(decoding: bytes, as: UTF8.self).lowercased() {
        case "t", "true": return [UInt8(ascii: "1")]
        case "f", "false": return [UInt8(ascii: "0")]
        default: return Array(bytes)
        }
    }

    /// Parsed as `F` and printed shortest (Swift's `description` is the shortest text that reads back exactly).
    private static func floatingPoint<F: BinaryFloatingPoint & LosslessStringConvertible>(
        _ bytes: some Collection<UInt8>, as: F.Type
    ) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard var value = F(text) else { return Array(bytes) }
        if value == 0 { value = 0 }  // -0 and 0 compare equal
        return Array(value.description.utf8)
    }
}
