import Logging
import Synchronization

extension StreamPipeline {
    /// Key-partitioned apply (`job.partitions` = N > 1; DIJob `runtime.realtime.concurrent`): the reader splits every
    /// transaction by key (`KeyPartitioner`) into N mailboxes; N appliers apply them on N connections at once. Each
    /// partition commits its changes with its own checkpoint row (`StreamCheckpoint.partitionTaskUUID`), so a
    /// partition's rows and its restart point still commit together.
    ///
    /// The price, and why it is opt-in: a source transaction that touches keys of several partitions becomes
    /// visible partition by partition (each part whole and in order), not at once.
    ///
    /// Restart: the stream resumes at max(main checkpoint, oldest partition checkpoint), a partition without a row
    /// counting as the main checkpoint: every partition has applied everything before that point. Partitions
    /// that were further ahead apply some changes again, which converges because changes are applied by key with
    /// full row images (the argument of full-then-incremental, docs/ARCHITECTURE.md); no change is skipped, so a
    /// change in how keys are routed (another N, a new unique index) cannot lose one. A DDL waits until every
    /// partition applied everything before it, is handled once, and moves every checkpoint past it.
    func runPartitioned(
        _ job: StreamJob, from position: String, progress: StreamProgress,
        onSchemaChange: @escaping @Sendable (SchemaChange) async throws -> Void
    ) async throws -> StreamExit {
        let count = job.partitions
        let source = self.source
        let sink = self.sink
        let start = try await partitionedStart(job, main: position)
        var splittable: Set<String> = []
        for plan in job.plans where try await sink.allowsKeyPartitioning(plan) { splittable.insert(plan.tableKey) }
        let partitioner = KeyPartitioner(count: count, plans: job.plans, splittable: splittable)
        let limits = BatchLimits(
            rows: max(1_000, job.batchLimits.rows / count), bytes: max(1 << 20, job.batchLimits.bytes / count))
        let mailboxes = (0..<count).map { _ in ChangeMailbox(plans: job.plans, limits: limits) }
        await progress.runStarted()
        await progress.observePending {
            mailboxes.compactMap(\.oldestPendingCommit).min()
        }
        let barrier = SchemaChangeBarrier(parties: count, handle: onSchemaChange)
        logger.info(
            "change capture partitioned by key",
            metadata: ["partitions": "\(count)", "tablesSplitByKey": "\(splittable.count)", "start": "\(start)"])
        return try await withThrowingTaskGroup(of: StreamExit?.self) { group in
            group.addTask {
                try await Self.read(
                    source, from: start, job: job, progress: progress, into: mailboxes, partitioner: partitioner)
                return nil
            }
            for partition in 0..<count {
                var partJob = job
                partJob.taskUUID = StreamCheckpoint.partitionTaskUUID(job.taskUUID, partition: partition, of: count)
                partJob.applyDepth = 1
                partJob.countsTransactions = partition == 0
                let partJobCopy = partJob
                var partLogger = logger
                partLogger[metadataKey: "partition"] = "\(partition)"
                let partLoggerCopy = partLogger
                group.addTask {
                    try await Self.apply(
                        from: mailboxes[partition], job: partJobCopy, sink: sink, progress: progress,
                        logger: partLoggerCopy, onSchemaChange: { change in try await barrier.arrive(change) })
                }
            }
            var exits: [StreamExit] = []
            while let result = try await group.next() {
                if let result { exits.append(result) }
                if exits.count == count { break }
            }
            group.cancelAll()
            guard case .schemaChanged(let position)? = exits.first(where: { $0 != .sourceEnded }) else {
                return .sourceEnded
            }
            let change = await barrier.change
            try await sink.saveStreamCheckpoint(
                StreamCheckpoint(
                    taskUUID: job.taskUUID, generation: job.generation, position: position,
                    commitTimestamp: change?.commitTimestamp ?? 0))
            return .schemaChanged(position: position)
        }
    }

    /// Where a partitioned run starts (see `runPartitioned`); writes every partition's row first after a reset.
    private func partitionedStart(_ job: StreamJob, main: String) async throws -> String {
        let count = job.partitions
        var oldest = main
        for partition in 0..<count {
            let id = StreamCheckpoint.partitionTaskUUID(job.taskUUID, partition: partition, of: count)
            if job.resetPartitions {
                try await sink.saveStreamCheckpoint(
                    StreamCheckpoint(taskUUID: id, generation: job.generation, position: main))
                continue
            }
            guard let checkpoint = try await sink.streamCheckpoint(taskUUID: id, generation: job.generation) else {
                return main
            }
            guard let earlier = source.position(checkpoint.position, precedes: oldest) else {
                throw SyncEngineError(
                    .invalidConfiguration,
                    "cannot order the source positions \(checkpoint.position) and \(oldest): key-partitioned apply"
                        + " (runtime.realtime.concurrent) needs a source that can")
            }
            if earlier || partition == 0 { oldest = checkpoint.position }
        }
        guard !job.resetPartitions else { return main }
        // The newer of the main checkpoint and the oldest partition: partitions whose rows are older than the main
        // checkpoint are stale (a run without partitions, or a DDL, moved the main one since).
        return source.position(oldest, precedes: main) == true ? main : oldest
    }
}

/// Makes the partitions of a key-partitioned run meet at a DDL: each arrives after applying everything before
/// it; the last to arrive runs the handler; every partition then moves its checkpoint past the DDL (or fails with
/// the handler's error).
actor SchemaChangeBarrier {
    private let parties: Int
    private let handle: @Sendable (SchemaChange) async throws -> Void
    private var arrived = 0
    private let done = CommitSignal()
    /// The change, once the first partition arrived.
    private(set) var change: SchemaChange?

    init(parties: Int, handle: @escaping @Sendable (SchemaChange) async throws -> Void) {
        self.parties = parties
        self.handle = handle
    }

    /// Waits for the other partitions, then for the handler.
    func arrive(_ change: SchemaChange) async throws {
        arrived += 1
        if self.change == nil { self.change = change }
        if arrived == parties {
            do {
                try await handle(change)
                done.succeed()
            } catch {
                done.fail(error)
                throw error
            }
        } else {
            try await done.wait()
        }
    }
}
