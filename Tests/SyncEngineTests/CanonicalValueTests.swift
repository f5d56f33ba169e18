import NIOCore
import Testing

@testable import SyncEngine

/// The canonical form of every column kind, and every edge the verifier relies on (issue 4 item 6).
struct CanonicalValueTests {
    private let defaults = CanonicalOptions()

    private func canonical(_ text: String?, _ type: ColumnType, _ options: CanonicalOptions? = nil) -> String? {
        CanonicalValue.canonical(text.map { ByteBuffer(string: $0) }, type: type, options: options ?? defaults)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    private func canonicalBytes(_ bytes: [UInt8], _ type: ColumnType, _ options: CanonicalOptions) -> [UInt8]? {
        CanonicalValue.canonical(ByteBuffer(bytes: bytes), type: type, options: options)
    }

    @Test func nullStaysNull() {
        for kind in ColumnType.Kind.allCases { #expect(canonical(nil, ColumnType(kind: kind)) == nil) }
    }

    @Test func integersArePlainDecimal() {
        let int = ColumnType(kind: .int)
        #expect(canonical("+05", int) == "5")
        #expect(canonical("007", int) == "7")
        #expect(canonical("-0", int) == "0")
        #expect(canonical("-000", int) == "0")
        #expect(canonical("+0", int) == "0")
        #expect(canonical("-12", int) == "-12")
        #expect(canonical("-0012", int) == "-12")
        #expect(canonical("0", int) == "0")
        let unsigned = ColumnType(kind: .bigInt, isUnsigned: true)
        #expect(canonical("18446744073709551615", unsigned) == "18446744073709551615")
        #expect(canonical("000018446744073709551615", unsigned) == "18446744073709551615")
        #expect(canonical("-9223372036854775808", ColumnType(kind: .bigInt)) == "-9223372036854775808")
        #expect(canonical("2024", ColumnType(kind: .year)) == "2024")
        #expect(canonical("0000", ColumnType(kind: .year)) == "0")
    }

    @Test func integersThatDoNotParseCompareAsRawBytes() {
        let int = ColumnType(kind: .int)
        #expect(canonical("12abc", int) == "12abc")
        #expect(canonical("", int) == "")
        #expect(canonical("-", int) == "-")
        #expect(canonical("1e3", int) == "1e3")
    }

    @Test func tinyInt1AsBooleanIsOneOrZero() {
        let flag = ColumnType(kind: .tinyInt, length: 1)
        let asBoolean = CanonicalOptions(tinyInt1AsBoolean: true)
        #expect(canonical("1", flag, asBoolean) == "1")
        #expect(canonical("5", flag, asBoolean) == "1")
        #expect(canonical("-1", flag, asBoolean) == "1")
        #expect(canonical("0", flag, asBoolean) == "0")
        #expect(canonical("-0", flag, asBoolean) == "0")
        #expect(canonical("t", flag, asBoolean) == "1")
        #expect(canonical("true", flag, asBoolean) == "1")
        #expect(canonical("f", flag, asBoolean) == "0")
        #expect(canonical("FALSE", flag, asBoolean) == "0")
        #expect(canonical("maybe", flag, asBoolean) == "maybe")
        // Without the option, or on a wider TINYINT, the value stays a number.
        #expect(canonical("5", flag) == "5")
        #expect(canonical("5", ColumnType(kind: .tinyInt, length: 4), asBoolean) == "5")
    }

    @Test func decimalsTakeTheColumnScale() {
        let money = ColumnType(kind: .decimal, precision: 10, scale: 2)
        #expect(canonical("1.5", money) == "1.50")
        #expect(canonical("1.500", money) == "1.50")
        #expect(canonical("1.50", money) == "1.50")
        #expect(canonical("12", money) == "12.00")
        #expect(canonical("+001.20", money) == "1.20")
        #expect(canonical("-0.00", money) == "0.00")
        #expect(canonical("-.5", money) == "-0.50")
        #expect(canonical("-1234.5", money) == "-1234.50")
        // More significant digits than the scale are kept: a real difference stays visible.
        #expect(canonical("1.505", money) == "1.505")
        let whole = ColumnType(kind: .decimal, precision: 20, scale: 0)
        #expect(canonical("12.0", whole) == "12")
        #expect(canonical("99999999999999999999", whole) == "99999999999999999999")
        let wide = ColumnType(kind: .decimal, precision: 65, scale: 30)
        let value = "12345678901234567890123456789012345.123456789012345678901234567890"
        #expect(canonical(value, wide) == value)
        #expect(canonical("NaN", money) == "NaN")
    }

    @Test func floatsCompareAsFloatAndDoublesAsDouble() {
        let float = ColumnType(kind: .float)
        #expect(canonical("3.1415927410125732", float) == canonical("3.1415927", float))
        #expect(canonical("3.1415927", float) == "3.1415927")
        #expect(canonical("-0", float) == "0.0")
        #expect(canonical("0", float) == "0.0")
        #expect(canonical("1e20", float) == canonical("100000000000000000000", float))
        #expect(canonical("1.5", float) != canonical("1.25", float))
        let double = ColumnType(kind: .double)
        #expect(canonical("0.1", double) == canonical("0.10000000000000001", double))
        #expect(canonical("-0", double) == canonical("0", double))
        #expect(canonical("1.7976931348623157e308", double) == "1.7976931348623157e+308")
        // A FLOAT's double-precision text would not match the shorter text as a DOUBLE: the type decides.
        #expect(canonical("3.1415927410125732", double) != canonical("3.1415927", double))
        #expect(canonical("pi", double) == "pi")
    }

    @Test func dateTimesGetSixFractionDigits() {
        for kind in [ColumnType.Kind.datetime, .timestamp] {
            let type = ColumnType(kind: kind, fractionalDigits: 6)
            #expect(canonical("2024-01-02 03:04:05", type) == "2024-01-02 03:04:05.000000")
            #expect(canonical("2024-01-02 03:04:05.5", type) == "2024-01-02 03:04:05.500000")
            #expect(canonical("2024-01-02 03:04:05.123456", type) == "2024-01-02 03:04:05.123456")
            #expect(canonical("2024-01-02T03:04:05.123456", type) == "2024-01-02 03:04:05.123456")
            #expect(canonical("2024-01-02 03:04:05.1234560", type) == "2024-01-02 03:04:05.123456")
        }
        #expect(canonical("2024-01-02", ColumnType(kind: .date)) == "2024-01-02")
        #expect(canonical("not a date", ColumnType(kind: .datetime)) == "not a date")
    }

    @Test func zeroDatesAreNullWhenAsked() {
        let keep = CanonicalOptions(zeroDateAsNull: false)
        #expect(canonical("0000-00-00", ColumnType(kind: .date)) == nil)
        #expect(canonical("0000-00-00 00:00:00", ColumnType(kind: .datetime)) == nil)
        #expect(canonical("0000-00-00 00:00:00", ColumnType(kind: .timestamp)) == nil)
        #expect(canonical("2024-00-10", ColumnType(kind: .date)) == nil)
        #expect(canonical("2024-05-00 10:00:00", ColumnType(kind: .datetime)) == nil)
        #expect(canonical("0000-05-10", ColumnType(kind: .date)) == nil)
        #expect(canonical("0000-00-00", ColumnType(kind: .date), keep) == "0000-00-00")
        #expect(canonical("0000-00-00 00:00:00", ColumnType(kind: .datetime), keep) == "0000-00-00 00:00:00.000000")
        #expect(canonical("2000-01-01", ColumnType(kind: .date)) == "2000-01-01")
    }

    @Test func timesGetSixFractionDigitsAndTwoHourDigits() {
        let time = ColumnType(kind: .time)
        #expect(canonical("12:34:56", time) == "12:34:56.000000")
        #expect(canonical("12:34:56.5", time) == "12:34:56.500000")
        #expect(canonical("1:02:03", time) == "01:02:03.000000")
        #expect(canonical("-838:59:59", time) == "-838:59:59.000000")
        #expect(canonical("838:59:59.000000", time) == "838:59:59.000000")
        #expect(canonical("-00:00:01", time) == "-00:00:01.000000")
        #expect(canonical("-0:00:00.5", time) == "-00:00:00.500000")
        #expect(canonical("-00:00:00", time) == "00:00:00.000000")
        #expect(canonical("0012:00:00", time) == "12:00:00.000000")
        #expect(canonical("12:3:56", time) == "12:3:56")
        #expect(canonical("1 day", time) == "1 day")
    }

    @Test func textLosesNULBytesWhenAsked() {
        let keep = CanonicalOptions(stripNULFromText: false)
        for kind in [ColumnType.Kind.char, .varchar, .text, .enum, .set] {
            let type = ColumnType(kind: kind)
            #expect(canonicalBytes([0x61, 0x00, 0x62, 0x00], type, defaults) == [0x61, 0x62])
            #expect(canonicalBytes([0x61, 0x00, 0x62], type, keep) == [0x61, 0x00, 0x62])
        }
        #expect(canonical("héllo ✓", ColumnType(kind: .varchar)) == "héllo ✓")
    }

    @Test func charLosesTrailingSpacesOnly() {
        #expect(canonical("abc   ", ColumnType(kind: .char, length: 6)) == "abc")
        #expect(canonical("  abc", ColumnType(kind: .char, length: 6)) == "  abc")
        #expect(canonical("abc   ", ColumnType(kind: .varchar, length: 6)) == "abc   ")
    }

    @Test func binaryKindsKeepTheirBytes() {
        let bytes: [UInt8] = [0x00, 0xFF, 0x20, 0x00]
        for kind in [ColumnType.Kind.binary, .varbinary, .blob, .bit, .geometry] {
            #expect(canonicalBytes(bytes, ColumnType(kind: kind), defaults) == bytes)
        }
    }

    @Test func jsonIsNormalised() {
        let json = ColumnType(kind: .json)
        #expect(canonical(#"{"b": 1, "a": [1, 2.50]}"#, json) == #"{"a":[1,2.5],"b":1}"#)
        #expect(canonical(#"not json"#, json) == "not json")
    }

    @Test func optionsFollowTheSink() {
        let sink = SinkOptions(tinyInt1AsBoolean: true, zeroDateAsNull: false)
        let options = CanonicalOptions(sink)
        #expect(options == CanonicalOptions(zeroDateAsNull: false, tinyInt1AsBoolean: true, stripNULFromText: true))
        #expect(CanonicalOptions(SinkOptions(), stripNULFromText: false).stripNULFromText == false)
        #expect(CanonicalOptions(SinkOptions()).zeroDateAsNull)
    }
}
