import NIOCore
import Synchronization
import Testing

@testable import SyncEngine

/// How far one side's reader has run ahead of the other's: the verifier must pull both in step (bounded hand-off)
/// rather than buffer one side.
final class ReadLeadTracker: Sendable {
    private let state = Mutex<(source: Int, destination: Int, maximumLead: Int)>((0, 0, 0))

    /// Records `rows` more rows produced by `side`.
    func produced(_ rows: Int, by side: TableSide) {
        state.withLock { state in
            if side == .source { state.source += rows } else { state.destination += rows }
            state.maximumLead = max(state.maximumLead, abs(state.source - state.destination))
        }
    }

    /// The largest difference seen between the rows both sides had produced.
    var maximumLead: Int { state.withLock { $0.maximumLead } }
}

/// A reader generating `rows` rows on the fly (nothing is stored), the destination's row changed when
/// `id % 1000 == 7`.
struct GeneratedTableReader: OrderedTableReader {
    var rows: Int
    var tracker: ReadLeadTracker

    func readOrdered(
        _ plan: TablePlan, side: TableSide, limits: BatchLimits, _ body: (RowBatch) async throws -> Void
    ) async throws {
        var batch = RowBatch()
        for id in 1...rows {
            if side == .source {
                batch.append(VerifierFixture.sourceRow(id))
            } else if id % 1000 == 7 {
                batch.append(VerifierFixture.row("\(id)", "changed", "\(id).50", "2024-01-02 03:04:05"))
            } else {
                batch.append(VerifierFixture.destinationRow(id))
            }
            if batch.isFull(limits) {
                tracker.produced(batch.rows.count, by: side)
                try await body(batch)
                batch = RowBatch()
            }
        }
        tracker.produced(batch.rows.count, by: side)
        if !batch.rows.isEmpty { try await body(batch) }
    }
}

/// A 200,000-row table: bounded read-ahead, bounded result lists, and a linear merge (a quadratic one would not
/// finish; no timing assertion is made).
struct TableVerifierLargeTests {
    @Test func largeGeneratedTableStreamsInStep() async throws {
        let tracker = ReadLeadTracker()
        let reader = GeneratedTableReader(rows: 200_000, tracker: tracker)
        let batchRows = 500
        let result = try await TableVerifier(limits: BatchLimits(rows: batchRows)).verify(
            plan: VerifierFixture.plan, source: reader, destination: reader, options: CanonicalOptions(),
            chunkRows: 1_000)
        #expect(result.sourceRows == 200_000)
        #expect(result.destinationRows == 200_000)
        #expect(result.different == 200)
        #expect(result.missing == 0 && result.extra == 0)
        #expect(result.differingRangeCount == 200)
        #expect(result.differingRanges.count == TableVerification.maximumRanges)
        #expect(result.differingRanges.first?.firstKey == "1")
        #expect(result.differingRanges.first?.lastKey == "1000")
        #expect(result.differingRanges.last?.firstKey == "99001")
        #expect(result.sampleKeys.count == TableVerification.maximumSampleKeys)
        #expect(result.sampleKeys.first == KeyDifference(key: "7", kind: .different))
        #expect(result.sampleKeys.last == KeyDifference(key: "19007", kind: .different))
        // Neither reader ran more than a few batches ahead of the other.
        #expect(tracker.maximumLead <= 4 * batchRows, "lead \(tracker.maximumLead) rows")
    }
}
