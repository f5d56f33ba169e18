/// Everything one snapshot run needs besides its connectors (issue 4 item 1).
public struct SnapshotJob: Sendable {
    /// The task's stable id, written into every chunk checkpoint.
    public var taskUUID: String
    /// The run generation (see `ChunkCheckpoint.generation`).
    public var generation: Int
    /// The tables, with their chunks. A table with no chunks is not copied in this run (a rerun of some tables,
    /// `StartSettings.rerunTables`): its destination is created if missing but never emptied.
    public var plans: [TablePlan]
    /// What the sink does and how it maps types.
    public var sinkOptions: SinkOptions
    /// Parallel channels: chunks copied at once (`setting.speed.concurrent`, DIJob `runtime.offline.concurrent`).
    public var concurrency: Int
    /// Batch size limits for the reader-to-writer hand-off.
    public var batchLimits: BatchLimits
    /// Rows per second across all channels; nil for no limit.
    public var maxRowsPerSecond: Int?
    /// Bytes per second across all channels (`setting.speed.mbps`); nil for no limit.
    public var maxBytesPerSecond: Int?
    /// Dirty records allowed before the run fails (`setting.errorLimit.record`); nil for no limit.
    public var dirtyRecordLimit: Int?

    /// Creates a job.
    public init(
        taskUUID: String, generation: Int, plans: [TablePlan], sinkOptions: SinkOptions = SinkOptions(),
        concurrency: Int = 2, batchLimits: BatchLimits = BatchLimits(), maxRowsPerSecond: Int? = nil,
        maxBytesPerSecond: Int? = nil, dirtyRecordLimit: Int? = nil
    ) {
        self.taskUUID = taskUUID
        self.generation = generation
        self.plans = plans
        self.sinkOptions = sinkOptions
        self.concurrency = max(1, concurrency)
        self.batchLimits = batchLimits
        self.maxRowsPerSecond = maxRowsPerSecond
        self.maxBytesPerSecond = maxBytesPerSecond
        self.dirtyRecordLimit = dirtyRecordLimit
    }

    /// The checkpoint a chunk of `plan` commits with.
    func checkpoint(for chunk: ChunkRange, of plan: TablePlan) -> ChunkCheckpoint {
        ChunkCheckpoint(
            taskUUID: taskUUID, generation: generation, tableKey: plan.tableKey, chunkIndex: chunk.index, rows: 0)
    }
}

/// Limits the rate of batches handed from readers to writers (the `Throttle` token bucket implements it).
public protocol BatchThrottle: Sendable {
    /// Waits until `rows` rows and `bytes` bytes may pass. Throws `CancellationError` when cancelled.
    func acquire(rows: Int, bytes: Int) async throws
}
