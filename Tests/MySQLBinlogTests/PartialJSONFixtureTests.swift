import MySQLBinlog
import NIOCore
import Testing

/// Decodes Fixtures/mysql97-partial-json.bin (from mysql97-partial-json.sql on MySQL 9.7.4 with
/// `binlog_row_value_options=PARTIAL_JSON`): PARTIAL_UPDATE_ROWS events whose JSON columns are diffs.
struct PartialJSONFixtureTests {
    /// The UPDATE rows of the fixture, in order (every UPDATE of the fixture is a PARTIAL_UPDATE_ROWS event).
    private func updates() throws -> [(BinlogEventHeader, RowsEvent.Row)] {
        try Fixture.events("mysql97-partial-json").flatMap { event -> [(BinlogEventHeader, RowsEvent.Row)] in
            guard case .rows(let header, let rows) = event, rows.kind == .update else { return [] }
            return rows.rows.map { (header, $0) }
        }
    }

    private func json(_ value: MySQLValue??) -> String? {
        if case .some(.some(.json(let text))) = value { return text }
        return nil
    }

    @Test func everyUpdateIsAPartialUpdateRowsEvent() throws {
        let updates = try updates()
        #expect(updates.count == 8)
        #expect(updates.allSatisfy { $0.0.type == .partialUpdateRows })
    }

    /// With the FULL before image the diffs are applied: the after image holds what `SELECT doc` returned.
    @Test func diffsAreAppliedToTheBeforeImage() throws {
        let rows = try updates().map(\.1)
        try #require(rows.count == 8)
        let docs = rows.map { json($0.after?[1]) }
        #expect(
            docs[0...5] == [
                #"{"a": 42, "b": [1, 2, 3], "c": {"d": "x"}}"#,
                #"{"a": 42, "b": [1, 2, 3], "c": {"d": "yy"}}"#,
                #"{"a": 42, "b": [1, 3], "c": {"d": "yy"}}"#,
                #"{"a": 42, "b": [1, 3], "c": {"d": "yy"}, "e": {"f": true}}"#,
                #"{"a": 42, "b": ["first", 1, 3], "c": {"d": "yy"}, "e": {"f": true}}"#,
                #"{"whole": "new"}"#,
            ])
        // Each after image is the next update's before image.
        for index in 0..<5 { #expect(json(rows[index].after?[1]) == json(rows[index + 1].before?[1])) }
        #expect(json(rows[3].after?[3]) == #"{"k": "w"}"#)
        #expect(rows[1].after?[2] == .utf8("n2", collation: 255))
        // `extra` unchanged: written as a partial column with no diffs, so still the whole document.
        #expect(json(rows[0].after?[3]) == #"{"k": "v"}"#)
    }

    @Test func diffsAreReportedPerColumn() throws {
        let rows = try updates().map(\.1)
        try #require(rows.count == 8)
        #expect(rows[0].partialJSON == [1: [JSONDiff(operation: .replace, path: "$.a", value: "42")], 3: []])
        #expect(rows[2].partialJSON[1] == [JSONDiff(operation: .remove, path: "$.b[1]", value: nil)])
        #expect(rows[3].partialJSON[1] == [JSONDiff(operation: .insert, path: "$.e", value: #"{"f": true}"#)])
        // A whole new document is not a diff.
        #expect(rows[5].partialJSON[1] == nil)
    }

    /// MINIMAL image: no before document to apply the diffs to, so the column is absent and only the diffs remain.
    @Test func minimalImageKeepsOnlyTheDiffs() throws {
        let rows = try updates().map(\.1)
        try #require(rows.count == 8)
        #expect(rows[6].after == [nil, nil, nil, nil])
        #expect(rows[6].partialJSON == [1: [JSONDiff(operation: .replace, path: "$.whole", value: #""again""#)]])
        // `extra` is the second JSON column: its partial bit is bit 1 even though `doc` is not in the image.
        #expect(rows[7].partialJSON == [3: [JSONDiff(operation: .replace, path: "$.k", value: #""z""#)]])
    }
}
