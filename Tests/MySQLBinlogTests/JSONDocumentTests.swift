import Testing

@testable import MySQLBinlog

/// Applying JSON diffs to documents as MySQL prints them (pure).
struct JSONDocumentTests {
    private func applied(_ text: String, _ diffs: [JSONDiff]) throws -> String {
        var document = try JSONDocument.parse(text)
        for diff in diffs { try document.apply(diff) }
        return document.text
    }

    @Test func textRoundTrips() throws {
        for text in [
            #"{"a": 1, "b": [1, 2.5, "x", null, true], "c": {}}"#, "[]", "null", #""s\"q\\\n""#,
            #"{"key with space": [[], {"n": -1.5e-7}]}"#,
        ] {
            #expect(try JSONDocument.parse(text).text == text)
        }
    }

    @Test func insertedKeysFollowMySQLKeyOrder() throws {
        let diffs = [
            JSONDiff(operation: .insert, path: "$.bb", value: "1"), JSONDiff(operation: .insert, path: "$.a", value: "2"),
            JSONDiff(operation: .insert, path: #"$."c d""#, value: "3"),
        ]
        #expect(try applied(#"{"b": 0, "aaa": 0}"#, diffs) == #"{"a": 2, "b": 0, "bb": 1, "aaa": 0, "c d": 3}"#)
    }

    @Test func arrayOperations() throws {
        #expect(try applied("[1, 2, 3]", [JSONDiff(operation: .insert, path: "$[9]", value: "4")]) == "[1, 2, 3, 4]")
        #expect(try applied("[1, 2, 3]", [JSONDiff(operation: .insert, path: "$[0]", value: "0")]) == "[0, 1, 2, 3]")
        #expect(try applied("[1, [2, 3]]", [JSONDiff(operation: .remove, path: "$[1][0]", value: nil)]) == "[1, [3]]")
        #expect(try applied("[1]", [JSONDiff(operation: .replace, path: "$", value: #"{"x": 1}"#)]) == #"{"x": 1}"#)
    }

    @Test func pathsThatDoNotFitAreErrors() throws {
        #expect(throws: MySQLBinlogError.self) {
            try applied(#"{"a": 1}"#, [JSONDiff(operation: .replace, path: "$.b", value: "1")])
        }
        #expect(throws: MySQLBinlogError.self) {
            try applied("[1]", [JSONDiff(operation: .remove, path: "$[3]", value: nil)])
        }
        #expect(throws: MySQLBinlogError.self) {
            try applied(#"{"a": 1}"#, [JSONDiff(operation: .replace, path: "$[0]", value: "1")])
        }
        #expect(throws: MySQLBinlogError.self) { try JSONDocument.parse(#"{"a": 1"#) }
    }
}
