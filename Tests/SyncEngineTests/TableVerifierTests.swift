import NIOCore
import Testing

@testable import SyncEngine

/// An `OrderedTableReader` serving given rows for each side, in batches of the asked size.
struct ArrayTableReader: OrderedTableReader {
    var source: [Row]
    var destination: [Row]
    var failure: SyncEngineError?

    func readOrdered(
        _ plan: TablePlan, side: TableSide, limits: BatchLimits, _ body: (RowBatch) async throws -> Void
    ) async throws {
        if let failure, side == .source { throw failure }
        let rows = side == .source ? source : destination
        var batch = RowBatch()
        for row in rows {
            batch.append(row)
            if batch.isFull(limits) {
                try await body(batch)
                batch = RowBatch()
            }
        }
        if !batch.rows.isEmpty { try await body(batch) }
    }
}

/// A reader that serves two rows, then waits until cancelled.
struct StallingTableReader: OrderedTableReader {
    func readOrdered(
        _ plan: TablePlan, side: TableSide, limits: BatchLimits, _ body: (RowBatch) async throws -> Void
    ) async throws {
        try await body(RowBatch(rows: [VerifierFixture.sourceRow(1), VerifierFixture.sourceRow(2)]))
        try await Task.sleep(for: .seconds(3_600))
    }
}

/// Builders shared by the verifier tests.
enum VerifierFixture {
    /// `shop.orders (id INT, name VARCHAR, amount DECIMAL(10,2), created DATETIME)`, key `id`.
    static let plan = TablePlan(
        source: TableSchema(
            name: TableName(schema: "shop", name: "orders"),
            columns: [
                ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false),
                ColumnSchema(name: "name", type: ColumnType(kind: .varchar, length: 50)),
                ColumnSchema(name: "amount", type: ColumnType(kind: .decimal, precision: 10, scale: 2)),
                ColumnSchema(name: "created", type: ColumnType(kind: .datetime)),
            ],
            keyColumns: ["id"]),
        destination: TableName(schema: "public", name: "orders"))

    /// The same table without a key.
    static var keylessPlan: TablePlan {
        var schema = plan.source
        schema.keyColumns = []
        return TablePlan(source: schema, destination: plan.destination)
    }

    static func row(_ values: String?...) -> Row { Row(values: values.map { $0.map { ByteBuffer(string: $0) } }) }

    /// Row `id` as MySQL prints it.
    static func sourceRow(_ id: Int) -> Row { row("\(id)", "name \(id)", "\(id).5", "2024-01-02 03:04:05") }

    /// Row `id` as PostgreSQL prints it: same values, other text.
    static func destinationRow(_ id: Int) -> Row {
        row("\(id)", "name \(id)", "\(id).50", "2024-01-02 03:04:05.000000")
    }
}

/// The streaming merge: equal tables, missing, extra and changed rows, chunk ranges, empty sides, errors.
struct TableVerifierTests {
    private typealias F = VerifierFixture

    private func verify(
        _ source: [Row], _ destination: [Row], plan: TablePlan = VerifierFixture.plan, chunkRows: Int = 10,
        batchRows: Int = 3
    ) async throws -> TableVerification {
        try await TableVerifier(limits: BatchLimits(rows: batchRows)).verify(
            plan: plan, source: ArrayTableReader(source: source, destination: []),
            destination: ArrayTableReader(source: [], destination: destination), options: CanonicalOptions(),
            chunkRows: chunkRows)
    }

    @Test func equalTablesAreEqualThoughPrintedDifferently() async throws {
        let result = try await verify((1...25).map(F.sourceRow), (1...25).map(F.destinationRow))
        #expect(result.isEqual)
        #expect(result.method == .keyed)
        #expect(result.sourceRows == 25)
        #expect(result.destinationRows == 25)
        #expect(result.missing == 0 && result.extra == 0 && result.different == 0)
        #expect(result.differingRanges.isEmpty)
        #expect(result.differingRangeCount == 0)
        #expect(result.sampleKeys.isEmpty)
        #expect(result.sourceChecksum == result.destinationChecksum)
        #expect(result.sourceChecksum.count == 16)
        #expect(result.source == TableName(schema: "shop", name: "orders"))
        #expect(result.destination == TableName(schema: "public", name: "orders"))
    }

    @Test func aMissingRowIsCountedAndLocated() async throws {
        let result = try await verify((1...25).map(F.sourceRow), (1...25).filter { $0 != 14 }.map(F.destinationRow))
        #expect(!result.isEqual)
        #expect(result.missing == 1 && result.extra == 0 && result.different == 0)
        #expect(result.sourceRows == 25 && result.destinationRows == 24)
        #expect(result.sampleKeys == [KeyDifference(key: "14", kind: .missing)])
        #expect(
            result.differingRanges == [
                KeyRangeDiff(
                    firstKey: "11", lastKey: "20", sourceRows: 10, destinationRows: 9, missing: 1, extra: 0,
                    different: 0)
            ])
        #expect(result.sourceChecksum != result.destinationChecksum)
    }

    @Test func anExtraRowIsCountedAndLocated() async throws {
        let destination = ((1...5).map(F.destinationRow) + [F.destinationRow(7)] + (8...9).map(F.destinationRow))
        let source = (1...5).map(F.sourceRow) + (8...9).map(F.sourceRow)
        let result = try await verify(source, destination)
        #expect(result.extra == 1 && result.missing == 0 && result.different == 0)
        #expect(result.sampleKeys == [KeyDifference(key: "7", kind: .extra)])
        #expect(result.differingRanges.map(\.firstKey) == ["1"])
        #expect(result.differingRanges.map(\.lastKey) == ["9"])
    }

    @Test func aChangedValueIsDifferent() async throws {
        var destination = (1...12).map(F.destinationRow)
        destination[4] = F.row("5", "name 5", "5.51", "2024-01-02 03:04:05")
        destination[10] = F.row("11", nil, "11.50", "2024-01-02 03:04:05")
        let result = try await verify((1...12).map(F.sourceRow), destination)
        #expect(result.different == 2 && result.missing == 0 && result.extra == 0)
        #expect(result.sourceRows == 12 && result.destinationRows == 12)
        #expect(
            result.sampleKeys == [
                KeyDifference(key: "5", kind: .different), KeyDifference(key: "11", kind: .different),
            ])
        #expect(result.differingRanges.map { [$0.firstKey, $0.lastKey] } == [["1", "10"], ["11", "12"]])
        #expect(result.differingRanges.map(\.different) == [1, 1])
    }

    @Test func differencesInSeveralChunksGiveOneRangeEach() async throws {
        var destination = (1...100).filter { $0 != 37 && $0 != 38 }.map(F.destinationRow) + [F.destinationRow(150)]
        destination[4] = F.row("5", "changed", "5.50", "2024-01-02 03:04:05")
        let result = try await verify((1...100).map(F.sourceRow), destination, chunkRows: 10, batchRows: 7)
        #expect(result.missing == 2 && result.extra == 1 && result.different == 1)
        #expect(result.differingRangeCount == 3)
        #expect(
            result.differingRanges == [
                KeyRangeDiff(
                    firstKey: "1", lastKey: "10", sourceRows: 10, destinationRows: 10, missing: 0, extra: 0,
                    different: 1),
                KeyRangeDiff(
                    firstKey: "31", lastKey: "40", sourceRows: 10, destinationRows: 8, missing: 2, extra: 0,
                    different: 0),
                KeyRangeDiff(
                    firstKey: "150", lastKey: "150", sourceRows: 0, destinationRows: 1, missing: 0, extra: 1,
                    different: 0),
            ])
        #expect(
            result.sampleKeys == [
                KeyDifference(key: "5", kind: .different), KeyDifference(key: "37", kind: .missing),
                KeyDifference(key: "38", kind: .missing), KeyDifference(key: "150", kind: .extra),
            ])
    }

    @Test func keysCompareByValueNotText() async throws {
        // 9 < 10 by value; as text "10" < "9" would make every row look missing and extra.
        let result = try await verify([F.sourceRow(9), F.sourceRow(10)], [F.destinationRow(9), F.destinationRow(10)])
        #expect(result.isEqual)
    }

    @Test func emptySourceAgainstFilledDestination() async throws {
        let result = try await verify([], (1...3).map(F.destinationRow))
        #expect(result.extra == 3 && result.missing == 0)
        #expect(result.sourceRows == 0 && result.destinationRows == 3)
        #expect(result.differingRanges.map { [$0.firstKey, $0.lastKey] } == [["1", "3"]])
        #expect(!result.isEqual)
        let reverse = try await verify((1...3).map(F.sourceRow), [])
        #expect(reverse.missing == 3 && reverse.extra == 0)
        #expect(!reverse.isEqual)
    }

    @Test func twoEmptyTablesAreEqual() async throws {
        let result = try await verify([], [])
        #expect(result.isEqual)
        #expect(result.sourceRows == 0 && result.destinationRows == 0)
        #expect(result.differingRanges.isEmpty)
    }

    @Test func aRepeatedDestinationKeyIsExtra() async throws {
        let result = try await verify((1...3).map(F.sourceRow), [1, 2, 2, 3].map(F.destinationRow))
        #expect(result.extra == 1 && result.missing == 0 && result.different == 0)
        #expect(result.sampleKeys == [KeyDifference(key: "2", kind: .extra)])
    }

    @Test func rowsOutOfKeyOrderFailTheVerification() async throws {
        await #expect(throws: SyncEngineError.self) {
            _ = try await verify((1...5).map(F.sourceRow), [1, 2, 4, 3, 5].map(F.destinationRow))
        }
        do {
            _ = try await verify([2, 1].map(F.sourceRow), [])
            Issue.record("out-of-order source accepted")
        } catch let error as SyncEngineError {
            #expect(error.code == .sourceFailed)
            #expect(error.message.contains("returned key 1 after 2"))
        }
    }

    @Test func cancellationThrowsInsteadOfAPartialResult() async throws {
        let verification = Task {
            try await TableVerifier(limits: BatchLimits(rows: 2)).verify(
                plan: F.plan, source: StallingTableReader(), destination: StallingTableReader(),
                options: CanonicalOptions())
        }
        try await Task.sleep(for: .milliseconds(50))
        verification.cancel()
        await #expect(throws: CancellationError.self) { _ = try await verification.value }
    }

    @Test func aReaderErrorIsThrown() async throws {
        let failure = SyncEngineError(.sourceFailed, "connection lost")
        do {
            _ = try await TableVerifier().verify(
                plan: F.plan,
                source: ArrayTableReader(source: [], destination: [], failure: failure),
                destination: ArrayTableReader(source: [], destination: (1...10_000).map(F.destinationRow)),
                options: CanonicalOptions())
            Issue.record("the reader's error was swallowed")
        } catch let error as SyncEngineError {
            #expect(error == failure)
        }
    }
}
