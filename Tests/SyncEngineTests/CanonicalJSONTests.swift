import Testing

@testable import SyncEngine

/// The JSON canonical form: sorted keys, no whitespace, escapes one way, numbers as written, bad input as nil.
struct CanonicalJSONTests {
    private func canonical(_ text: String) -> String? {
        CanonicalJSON.canonical(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func sortsKeysAndDropsWhitespace() {
        #expect(
            canonical(#" { "b" : 1 , "a" : [ 1 , 2.50 , { "d" : null , "c" : true } ] } "#)
                == #"{"a":[1,2.5,{"c":true,"d":null}],"b":1}"#)
        // MySQL's and PostgreSQL jsonb's printed forms of the same document agree.
        #expect(canonical(#"{"id": 7, "name": "x", "tags": ["a", "b"]}"#)
            == canonical(#"{"id": 7, "tags": ["a", "b"], "name": "x"}"#))
        #expect(canonical("{}") == "{}")
        #expect(canonical("[]") == "[]")
        #expect(canonical("[ ]") == "[]")
        #expect(canonical(" 42 ") == "42")
        #expect(canonical("\"text\"") == "\"text\"")
        #expect(canonical("null") == "null")
        #expect(canonical("[true,false]") == "[true,false]")
    }

    @Test func keysSortByBytesAndTheLastDuplicateWins() {
        #expect(canonical(#"{"b":1,"a":2,"B":3,"aa":4}"#) == #"{"B":3,"a":2,"aa":4,"b":1}"#)
        #expect(canonical(#"{"a":1,"b":2,"a":3}"#) == #"{"a":3,"b":2}"#)
    }

    @Test func numbersCompareByExactValue() {
        #expect(
            canonical("[1.0, 1, 1e2, 1E+2, 100.00, -0, -0.0e5, 0.5E-3, 2.50, 123.456e1, 12e-1, 0.000, 10, 1e0]")
                == "[1,1,100,100,100,0,0,0.0005,2.5,1234.56,1.2,0,10,1]")
        #expect(canonical("-12.340e-3") == "-0.01234")
        #expect(canonical("-1e3") == "-1000")
        // Exact: no binary floating point on the way (a Double would print 0.30000000000000004 or lose digits).
        #expect(canonical("0.3000000000000000000000001") == "0.3000000000000000000000001")
        #expect(canonical("18446744073709551616123") == "18446744073709551616123")
        // Too large to write out: kept as written, never expanded to a million digits.
        #expect(canonical("1e1000") == "1e1000")
        #expect(canonical("1e-1000") == "1e-1000")
        #expect(canonical("1e99999999999") == "1e99999999999")
        #expect(canonical("0e99999999999") == "0e99999999999")
        #expect(canonical("1.5") != canonical("1.25"))
    }

    @Test func mariaDBMySQLAndJSONBPrintingsAgree() {
        let mariaDB = #"{"b": [1, 2.50, 1e2], "a": "éx"}"#
        let mysql = #"{"a": "éx", "b": [1, 2.5, 100.0]}"#
        let jsonb = #"{"a": "éx", "b": [1, 2.50, 100]}"#
        #expect(canonical(mariaDB) == #"{"a":"éx","b":[1,2.5,100]}"#)
        #expect(canonical(mysql) == canonical(mariaDB))
        #expect(canonical(jsonb) == canonical(mariaDB))
    }

    @Test func stringEscapesAreDecodedAndWrittenOneWay() {
        #expect(canonical(#""\u00e9\/\"\\""#) == #""é/\"\\""#)
        #expect(canonical(#""é""#) == #""é""#)
        #expect(canonical(#""\u0001\n\t\b\f\r""#) == #""\u0001\n\t\b\f\r""#)
        #expect(canonical(#""\ud83d\ude00""#) == "\"😀\"")
        #expect(canonical(#"{"\u0062":1,"a":2}"#) == #"{"a":2,"b":1}"#)
    }

    @Test func badJSONIsRejected() {
        for bad in [
            "", " ", "{", "}", "[1,]", "[1 2]", #"{"a":}"#, #"{"a" 1}"#, #"{a:1}"#, #"{"a":1,}"#, "01", "1.",
            ".5", "-", "1e", "+1", "tru", "nul", "truex", "[1]]", #""abc"#, #""\x""#, #""\u12""#, #""\ud83d""#,
            #""\ude00""#, "\"a\u{01}b\"", "NaN", "[1] [2]",
        ] {
            #expect(canonical(bad) == nil, "\(bad)")
        }
    }

    @Test func deepNestingIsRejectedWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(canonical(deep) == nil)
        let allowed = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(canonical(allowed) == allowed)
        let unclosed = String(repeating: "{\"a\":", count: 10_000)
        #expect(canonical(unclosed) == nil)
    }

    @Test func arbitraryBytesNeverTrap() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,.-+eE0123456789 truefalsnl\u"#.utf8) + [0x00, 0xFF, 0x0A]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            if let out = CanonicalJSON.canonical(bytes) {
                // Canonical output is itself canonical.
                #expect(CanonicalJSON.canonical(out) == out)
            }
        }
    }
}
