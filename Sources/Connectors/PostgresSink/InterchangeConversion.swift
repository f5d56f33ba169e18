import NIOCore
import SyncEngine

/// Converts a destination value read as text (`column::text`) back to the interchange form of its source
/// `ColumnType` (Row.swift), so that verification compares both sides with one set of rules
/// (docs/TYPE-MAPPING.md, "Reading back").
enum InterchangeConversion: Sendable, Hashable {
    /// Text as is.
    case asIs
    /// `true`/`false` to `1`/`0`.
    case boolean
    /// `\x..` hex to raw bytes.
    case bytea
    /// `0101..` to big-endian bytes, `(width + 7) / 8` of them (width 0: from the text's length).
    case bits(width: Int)
    /// An interval to MySQL TIME text `[-]HH:MM:SS[.ffffff]` with this many fractional digits.
    case time(fractionalDigits: Int)
    /// A timestamp: drop a `+00` offset, then pad or cut the fraction to this many digits.
    case dateTime(fractionalDigits: Int)
    /// YEAR stored as an integer: pad to four digits.
    case year

    /// The conversion for a source column stored in a destination column printed as `destinationType`.
    init(source: ColumnType, destinationType: String) {
        let digits = PostgresTypeMapping.fractionalDigits(of: source)
        switch (PostgresTypeFamily(typeText: destinationType), source.kind) {
        case (.boolean, _): self = .boolean
        case (.bytea, _): self = .bytea
        case (.bitString, .bit): self = .bits(width: PostgresTypeMapping.bitWidth(of: source))
        case (.bitString, _): self = .bits(width: 0)
        case (.interval, .time): self = .time(fractionalDigits: digits)
        case (_, .datetime), (_, .timestamp): self = .dateTime(fractionalDigits: digits)
        case (.other, .year): self = .year
        default: self = .asIs
        }
    }

    /// The interchange value for `text`; malformed input is returned as is (verification then reports it).
    func convert(_ text: ByteBuffer) -> ByteBuffer {
        switch self {
        case .asIs:
            return text
        case .boolean:
            switch text.readableBytesView.first {
            case UInt8(ascii: "t"): return ByteBuffer(string: "1")
            case UInt8(ascii: "f"): return ByteBuffer(string: "0")
            default: return text
            }
        case .bytea:
            return Self.decodeHex(text) ?? text
        case .bits(let width):
            return Self.decodeBits(text, width: width) ?? text
        case .time(let digits):
            return IntervalText.mysqlTime(fromInterval: text, fractionalDigits: digits) ?? text
        case .dateTime(let digits):
            return Self.normalizedDateTime(text, fractionalDigits: digits)
        case .year:
            guard text.readableBytes < 4, text.readableBytesView.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return text
            }
            var padded = ByteBuffer(repeating: UInt8(ascii: "0"), count: 4 - text.readableBytes)
            padded.writeImmutableBuffer(text)
            return padded
        }
    }

    /// `\x0aff` to bytes; nil when not hex.
    static func decodeHex(_ text: ByteBuffer) -> ByteBuffer? {
        let view = text.readableBytesView
        guard view.count >= 2, view.first == UInt8(ascii: "\\"), view.dropFirst().first == UInt8(ascii: "x"),
            view.count % 2 == 0
        else { return nil }
        var result = ByteBuffer()
        result.reserveCapacity((view.count - 2) / 2)
        var index = view.startIndex + 2
        while index < view.endIndex {
            guard let high = hexValue(view[index]), let low = hexValue(view[index + 1]) else { return nil }
            result.writeInteger(high << 4 | low)
            index += 2
        }
        return result
    }

    /// `0101` to big-endian bytes, `(width + 7) / 8` of them; nil when not a bit string or too long for 64 bits.
    static func decodeBits(_ text: ByteBuffer, width: Int) -> ByteBuffer? {
        let view = text.readableBytesView
        guard view.count <= 64 else { return nil }
        var value: UInt64 = 0
        for byte in view {
            guard byte == UInt8(ascii: "0") || byte == UInt8(ascii: "1") else { return nil }
            value = value << 1 | UInt64(byte - UInt8(ascii: "0"))
        }
        let byteCount = max(1, ((width > 0 ? width : view.count) + 7) / 8)
        var result = ByteBuffer()
        for index in stride(from: byteCount - 1, through: 0, by: -1) {
            result.writeInteger(UInt8(truncatingIfNeeded: index < 8 ? value >> UInt64(index * 8) : 0))
        }
        return result
    }

    /// `YYYY-MM-DD HH:MM:SS[.f][+00]` to `YYYY-MM-DD HH:MM:SS` plus exactly `fractionalDigits` digits.
    static func normalizedDateTime(_ text: ByteBuffer, fractionalDigits: Int) -> ByteBuffer {
        let bytes = Array(text.readableBytesView)
        guard bytes.count >= 19 else { return text }
        var end = bytes.count
        if let offset = bytes[19...].firstIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
            end = offset
        }
        var fraction: ArraySlice<UInt8> = []
        if end > 19, bytes[19] == UInt8(ascii: ".") { fraction = bytes[20..<end] }
        var result = ByteBuffer(bytes: bytes[0..<19])
        appendFraction(fraction, digits: fractionalDigits, to: &result)
        return result
    }

    /// Appends `.` and `fraction` padded with zeros or cut to `digits` digits (nothing when `digits` is 0).
    static func appendFraction(_ fraction: ArraySlice<UInt8>, digits: Int, to buffer: inout ByteBuffer) {
        guard digits > 0 else { return }
        buffer.writeInteger(UInt8(ascii: "."))
        buffer.writeBytes(fraction.prefix(digits))
        if fraction.count < digits {
            buffer.writeRepeatingByte(UInt8(ascii: "0"), count: digits - fraction.count)
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
