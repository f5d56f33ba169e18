import NIOCore
import Testing

@testable import SyncEngine

/// Keys of other kinds (composite, binary, negative TIME) and keyless tables.
struct TableVerifierKeysTests {
    private typealias F = VerifierFixture

    private func verify(_ plan: TablePlan, _ source: [Row], _ destination: [Row]) async throws -> TableVerification {
        try await TableVerifier(limits: BatchLimits(rows: 2)).verify(
            plan: plan, source: ArrayTableReader(source: source, destination: []),
            destination: ArrayTableReader(source: [], destination: destination), options: CanonicalOptions(),
            chunkRows: 4)
    }

    private func plan(_ columns: [ColumnSchema], key: [String]) -> TablePlan {
        TablePlan(
            source: TableSchema(name: TableName(schema: "d", name: "t"), columns: columns, keyColumns: key),
            destination: TableName(schema: "d", name: "t"))
    }

    @Test func compositeKeysDisplayAsTuples() async throws {
        let plan = plan(
            [
                ColumnSchema(name: "a", type: ColumnType(kind: .int)),
                ColumnSchema(name: "b", type: ColumnType(kind: .varchar)),
                ColumnSchema(name: "v", type: ColumnType(kind: .text)),
            ], key: ["a", "b"])
        let source = [F.row("1", "a", "x"), F.row("1", "b", "x"), F.row("2", "a", "x")]
        let destination = [F.row("1", "a", "x"), F.row("2", "a", "y")]
        let result = try await verify(plan, source, destination)
        #expect(
            result.sampleKeys == [
                KeyDifference(key: "(1, b)", kind: .missing), KeyDifference(key: "(2, a)", kind: .different),
            ])
        #expect(result.differingRanges.map { [$0.firstKey, $0.lastKey] } == [["(1, a)", "(2, a)"]])
    }

    @Test func binaryKeysDisplayAsHex() async throws {
        let plan = plan(
            [
                ColumnSchema(name: "k", type: ColumnType(kind: .varbinary)),
                ColumnSchema(name: "v", type: ColumnType(kind: .int)),
            ], key: ["k"])
        let source = [Row(values: [ByteBuffer(bytes: [0x00, 0xFF]), ByteBuffer(string: "1")])]
        let result = try await verify(plan, source, [])
        #expect(result.sampleKeys == [KeyDifference(key: "0x00ff", kind: .missing)])
    }

    @Test func negativeTimeKeysMergeInValueOrder() async throws {
        let plan = plan(
            [
                ColumnSchema(name: "t", type: ColumnType(kind: .time)),
                ColumnSchema(name: "v", type: ColumnType(kind: .int)),
            ], key: ["t"])
        // MySQL order by value; the destination prints the same values differently.
        let source = ["-838:59:59", "-01:00:00", "-00:00:01", "00:00:00", "01:00:00", "100:00:00"].map {
            F.row($0, "1")
        }
        let destination = ["-838:59:59.000000", "-1:00:00", "-0:00:01", "0:00:00", "1:00:00.0", "100:00:00"].map {
            F.row($0, "1")
        }
        let result = try await verify(plan, source, destination)
        #expect(result.isEqual)
        #expect(result.sourceRows == 6)
    }

    @Test func keylessTablesCompareAsMultisets() async throws {
        let plan = F.keylessPlan
        #expect(plan.keyIndexesInRow == nil)
        let source = [1, 2, 2, 3].map(F.sourceRow)
        let destination = [3, 2, 1, 2].map(F.destinationRow)
        let equal = try await verify(plan, source, destination)
        #expect(equal.method == .multiset)
        #expect(equal.isEqual)
        #expect(equal.sourceRows == 4 && equal.destinationRows == 4)
        #expect(equal.sourceChecksum == equal.destinationChecksum)

        let changed = try await verify(plan, source, [3, 2, 1, 4].map(F.destinationRow))
        #expect(!changed.isEqual)
        #expect(changed.sourceRows == 4 && changed.destinationRows == 4)
        #expect(changed.sourceChecksum != changed.destinationChecksum)
        #expect(changed.differingRanges.isEmpty && changed.sampleKeys.isEmpty)
        #expect(changed.missing == 0 && changed.extra == 0 && changed.different == 0)

        let shorter = try await verify(plan, source, [1, 2, 3].map(F.destinationRow))
        #expect(!shorter.isEqual)
        #expect(shorter.destinationRows == 3)
    }

    @Test func aKeyColumnNotReadMakesTheTableKeyless() async throws {
        var plan = F.plan
        plan.columns = Array(plan.columns.dropFirst())
        plan.destinationColumns = plan.columns.map(\.name)
        let result = try await verify(plan, [F.row("a", "1.5", nil)], [F.row("a", "1.50", nil)])
        #expect(result.method == .multiset)
        #expect(result.isEqual)
    }
}
