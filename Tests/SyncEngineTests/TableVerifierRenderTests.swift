import Foundation
import Testing

@testable import SyncEngine

/// `TaskVerification`: overall result, the CLI text and the JSON form.
struct TableVerifierRenderTests {
    private let equal = TableVerification(
        source: TableName(schema: "shop", name: "users"), destination: TableName(schema: "shop", name: "users"),
        method: .keyed, sourceRows: 3, destinationRows: 3, sourceChecksum: "00000000000000aa",
        destinationChecksum: "00000000000000aa")
    private let differing = TableVerification(
        source: TableName(schema: "shop", name: "orders"), destination: TableName(schema: "public", name: "orders"),
        method: .keyed, sourceRows: 1_000, destinationRows: 999, missing: 1, different: 2,
        sourceChecksum: "0000000000000001", destinationChecksum: "0000000000000002", differingRangeCount: 1,
        differingRanges: [
            KeyRangeDiff(
                firstKey: "1", lastKey: "500", sourceRows: 500, destinationRows: 499, missing: 1, extra: 0,
                different: 2)
        ],
        sampleKeys: [KeyDifference(key: "42", kind: .missing), KeyDifference(key: "77", kind: .different)])
    private let keyless = TableVerification(
        source: TableName(schema: "shop", name: "log"), destination: TableName(schema: "shop", name: "log"),
        method: .multiset, sourceRows: 5, destinationRows: 5, sourceChecksum: "00000000000000ab",
        destinationChecksum: "00000000000000ac")

    @Test func overallResultIsEqualOnlyWhenEveryTableIs() {
        #expect(TaskVerification(tables: [equal]).isEqual)
        #expect(TaskVerification(tables: []).isEqual)
        #expect(!TaskVerification(tables: [equal, differing]).isEqual)
        #expect(!keyless.isEqual)
    }

    @Test func renderShowsATableThenTheDifferences() {
        let text = TaskVerification(tables: [equal, differing, keyless]).render()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("TABLE"))
        #expect(lines[0].hasSuffix("RESULT"))
        #expect(lines[1].hasPrefix("shop.users "))
        #expect(lines[1].hasSuffix("OK"))
        #expect(lines[1].split(separator: " ") == ["shop.users", "3", "3", "0", "0", "0", "OK"])
        #expect(
            lines[2].split(separator: " ")
                == ["shop.orders", "->", "public.orders", "1000", "999", "1", "0", "2", "DIFF"])
        #expect(lines[3].split(separator: " ") == ["shop.log", "5", "5", "-", "-", "-", "DIFF"])
        // Columns line up: every row of the table has the same width.
        #expect(Set(lines[0...3].map(\.count)).count == 1)
        #expect(text.contains("  differing key ranges:\n    [1 .. 500]  source 500, destination 499, missing 1"))
        #expect(text.contains("    missing 42\n    different 77"))
        #expect(text.contains("no key: compared by row count and checksum"))
        #expect(lines.last == "2 of 3 table(s) differ.")
        #expect(TaskVerification(tables: [equal]).render().hasSuffix("All 1 table(s) equal."))
    }

    @Test func resultsRoundTripThroughJSON() throws {
        let result = TaskVerification(tables: [equal, differing, keyless])
        let decoded = try JSONDecoder().decode(TaskVerification.self, from: JSONEncoder().encode(result))
        #expect(decoded == result)
        #expect(!decoded.isEqual)
        // Each table carries its own verdict for API clients.
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(differing)) as? [String: Any]
        #expect(object?["isEqual"] as? Bool == false)
        #expect(object?["missing"] as? Int == 1)
        let equalObject = try JSONSerialization.jsonObject(with: JSONEncoder().encode(equal)) as? [String: Any]
        #expect(equalObject?["isEqual"] as? Bool == true)
    }
}
