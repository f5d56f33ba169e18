import AsyncAlgorithms
import NIOCore
import SyncModel
import Synchronization
import Testing

@testable import SyncEngine

/// `SnapshotPipeline` and `SnapshotSink.completeLoad`: rows removed when the load completes count as dirty records,
/// against the limit, and `finish` (postSQL) runs only after the load completed.
@Suite struct SnapshotPipelineCompleteLoadTests {
    /// Three rows per chunk, two chunks.
    struct CountingSource: SnapshotSource {
        func discoverTables(_ selection: TableSelection) async throws -> [TableSchema] { [] }
        func planChunks(_ table: TableSchema, targetRows: Int, whereClause: String) async throws -> [ChunkRange] {
            [.whole]
        }
        func readChunk(
            _ chunk: ChunkRange, of plan: TablePlan, limits: BatchLimits, _ body: (RowBatch) async throws -> Void
        ) async throws {
            let rows = (0..<3).map { Row(values: [ByteBuffer(string: "\(chunk.index * 3 + $0)")]) }
            try await body(RowBatch(rows: rows, byteCount: 3))
        }
        func close() async {}
    }

    /// Accepts every row; `completeLoad` reports `removed` duplicates; records the order of the calls.
    final class RecordingSink: SnapshotSink {
        let removed: [DirtyRecord]
        let calls = Mutex<[String]>([])

        init(removed: [DirtyRecord]) { self.removed = removed }

        func prepare(_ plans: [TablePlan], options: SinkOptions, fresh: Bool) async throws {
            calls.withLock { $0.append("prepare deferKeys=\(options.deferKeys)") }
        }
        func committedChunks(taskUUID: String, generation: Int) async throws -> [ChunkCheckpoint] { [] }
        func writeChunk(
            _ chunk: ChunkRange, of plan: TablePlan, options: SinkOptions, checkpoint: ChunkCheckpoint,
            batches: RowBatchChannel
        ) async throws -> ChunkWriteResult {
            var result = ChunkWriteResult()
            for try await batch in batches { result.rowsWritten += Int64(batch.rows.count) }
            return result
        }
        func completeLoad(_ plans: [TablePlan], options: SinkOptions) async throws -> [DirtyRecord] {
            calls.withLock { $0.append("completeLoad") }
            return removed
        }
        func finish(_ plans: [TablePlan], options: SinkOptions) async throws {
            calls.withLock { $0.append("finish") }
        }
        func close() async {}
    }

    private static let plan = TablePlan(
        source: TableSchema(
            name: TableName(schema: "src", name: "t"),
            columns: [ColumnSchema(name: "id", type: ColumnType(kind: .int), isNullable: false)], keyColumns: ["id"]),
        destination: TableName(schema: "dst", name: "t"),
        chunks: [ChunkRange(index: 0, lower: nil, upper: nil), ChunkRange(index: 1, lower: nil, upper: nil)])

    private static func duplicates(_ count: Int) -> [DirtyRecord] {
        (0..<count).map { DirtyRecord(table: plan.tableKey, key: ["\($0)"], reason: "duplicate key value") }
    }

    /// A pipeline over six rows whose sink removes `removed` of them when the load completes.
    private static func setUp(removed: Int, limit: Int) -> (RecordingSink, SnapshotPipeline, SnapshotJob) {
        let sink = RecordingSink(removed: duplicates(removed))
        let job = SnapshotJob(
            taskUUID: "t", generation: 1, plans: [plan], sinkOptions: SinkOptions(deferKeys: true),
            dirtyRecordLimit: limit)
        return (sink, SnapshotPipeline(source: CountingSource(), sink: sink), job)
    }

    @Test func removedRowsAreDirtyRecordsAndFinishRunsAfterTheLoadCompleted() async throws {
        let (sink, pipeline, job) = Self.setUp(removed: 2, limit: 5)
        let progress = SnapshotProgress(plans: [Self.plan])
        let reported = Mutex<[DirtyRecord]>([])
        try await pipeline.run(job, progress: progress) { dirty in reported.withLock { $0 += dirty } }
        #expect(sink.calls.withLock { $0 } == ["prepare deferKeys=true", "completeLoad", "finish"])
        #expect(reported.withLock { $0 } == Self.duplicates(2))
        let stats = await progress.stats()
        #expect(stats.rowsWritten == 4)
        #expect(await progress.dirtyRecords == 2)
    }

    @Test func removedRowsOverTheLimitFailTheRunBeforeFinish() async throws {
        let (sink, pipeline, job) = Self.setUp(removed: 3, limit: 2)
        await #expect {
            try await pipeline.run(job, progress: SnapshotProgress(plans: [Self.plan]))
        } throws: { error in
            (error as? SyncEngineError)?.code == .dirtyRecordLimitExceeded
        }
        #expect(sink.calls.withLock { $0 } == ["prepare deferKeys=true", "completeLoad"])
    }
}
