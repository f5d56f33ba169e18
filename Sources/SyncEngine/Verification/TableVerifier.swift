import AsyncAlgorithms

/// Compares a source table with its destination (issue 4 item 6, `tide task verify`). Both sides are read whole,
/// ordered by key (`OrderedTableReader`), by two child tasks at once; each canonicalises its rows and hands them
/// over a rendezvous channel, and this task merges the two streams in key order. Memory is constant: at most one
/// batch per side in flight and one being read, whatever the table size.
///
/// With a key, every row is matched by key: rows only in the source are missing, rows only in the destination are
/// extra, rows on both sides whose canonical values differ are different; chunks of `chunkRows` rows carry counts
/// and hash sums per side, and the differing ones are listed with their key range. Without a usable key
/// (`plan.keyIndexesInRow == nil`) the sides are compared as multisets: row count and the wrapping sum of row
/// hashes.
public struct TableVerifier: Sendable {
    /// Batch limits asked of the readers.
    public var limits: BatchLimits

    /// Creates a verifier.
    public init(limits: BatchLimits = BatchLimits()) { self.limits = limits }

    /// Verifies one table. Throws the readers' errors, `SyncEngineError` (`sourceFailed`/`destinationFailed`) when
    /// a side returns rows out of key order (the comparison would be meaningless), and `CancellationError` when
    /// cancelled.
    public func verify(
        plan: TablePlan, source: any OrderedTableReader, destination: any OrderedTableReader,
        options: CanonicalOptions, chunkRows: Int = 10_000
    ) async throws -> TableVerification {
        let canonicalizer = RowCanonicalizer(plan: plan, options: options)
        let keyed = !canonicalizer.keyIndexes.isEmpty
        let sourceRows = AsyncThrowingChannel<[CanonicalRow], any Error>()
        let destinationRows = AsyncThrowingChannel<[CanonicalRow], any Error>()
        let limits = self.limits
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await Self.feed(source, side: .source, plan: plan, limits: limits, canonicalizer, into: sourceRows)
            }
            group.addTask {
                await Self.feed(
                    destination, side: .destination, plan: plan, limits: limits, canonicalizer,
                    into: destinationRows)
            }
            var merge = VerificationMerge(
                plan: plan, keyTypes: canonicalizer.keyTypes, method: keyed ? .keyed : .multiset,
                chunkRows: chunkRows)
            var sourceCursor = CanonicalRowCursor(sourceRows)
            var destinationCursor = CanonicalRowCursor(destinationRows)
            if keyed {
                try await Self.mergeByKey(
                    &sourceCursor, &destinationCursor, keyTypes: canonicalizer.keyTypes, into: &merge)
            } else {
                try await Self.mergeAsMultisets(&sourceCursor, &destinationCursor, into: &merge)
            }
            // A cancelled channel iterator ends like a finished one: never report a half-read table as compared.
            try Task.checkCancellation()
            try await group.waitForAll()
            return merge.finish()
        }
    }

    /// Reads one side into `channel`, canonicalising each batch and checking the key order; finishes the channel
    /// at the end, or fails it with the reader's error.
    private static func feed(
        _ reader: any OrderedTableReader, side: TableSide, plan: TablePlan, limits: BatchLimits,
        _ canonicalizer: RowCanonicalizer, into channel: AsyncThrowingChannel<[CanonicalRow], any Error>
    ) async {
        do {
            var previousKey: [[UInt8]?]?
            try await reader.readOrdered(plan, side: side, limits: limits) { batch in
                var rows: [CanonicalRow] = []
                rows.reserveCapacity(batch.rows.count)
                for row in batch.rows {
                    let canonical = canonicalizer.canonical(row)
                    if let previous = previousKey, !canonical.key.isEmpty,
                        KeyOrder.compare(canonical.key, previous, types: canonicalizer.keyTypes) == .less
                    {
                        throw outOfOrder(plan: plan, side: side, key: canonical.key, after: previous, canonicalizer)
                    }
                    previousKey = canonical.key
                    rows.append(canonical)
                }
                if !rows.isEmpty { await channel.send(rows) }
                try Task.checkCancellation()
            }
            channel.finish()
        } catch {
            channel.fail(error)
        }
    }

    private static func outOfOrder(
        plan: TablePlan, side: TableSide, key: [[UInt8]?], after previous: [[UInt8]?],
        _ canonicalizer: RowCanonicalizer
    ) -> SyncEngineError {
        let table = side == .source ? plan.source.name.description : plan.destination.description
        return SyncEngineError(
            side == .source ? .sourceFailed : .destinationFailed,
            "Verification of \(plan.source.name): the \(side.rawValue) table \(table) returned key "
                + "\(KeyText.render(key, types: canonicalizer.keyTypes)) after "
                + "\(KeyText.render(previous, types: canonicalizer.keyTypes)); its key order does not match Tide's "
                + "binary key order, so the tables cannot be compared. Check the key columns' types and collation.")
    }

    /// The key-ordered merge of both sides.
    private static func mergeByKey(
        _ source: inout CanonicalRowCursor, _ destination: inout CanonicalRowCursor, keyTypes: [ColumnType],
        into merge: inout VerificationMerge
    ) async throws {
        var sourceRow = try await source.next()
        var destinationRow = try await destination.next()
        while true {
            switch (sourceRow, destinationRow) {
            case (nil, nil):
                return
            case (let row?, nil):
                merge.sourceOnly(row)
                sourceRow = try await source.next()
            case (nil, let row?):
                merge.destinationOnly(row)
                destinationRow = try await destination.next()
            case (let left?, let right?):
                switch KeyOrder.compare(left.key, right.key, types: keyTypes) {
                case .less:
                    merge.sourceOnly(left)
                    sourceRow = try await source.next()
                case .greater:
                    merge.destinationOnly(right)
                    destinationRow = try await destination.next()
                case .equal:
                    merge.matched(left, right)
                    sourceRow = try await source.next()
                    destinationRow = try await destination.next()
                }
            }
        }
    }

    /// Counts and hashes both sides, taking rows from each in turn so that both readers keep moving.
    private static func mergeAsMultisets(
        _ source: inout CanonicalRowCursor, _ destination: inout CanonicalRowCursor,
        into merge: inout VerificationMerge
    ) async throws {
        var sourceDone = false
        var destinationDone = false
        while !(sourceDone && destinationDone) {
            if !sourceDone {
                if let row = try await source.next() { merge.sourceOnly(row) } else { sourceDone = true }
            }
            if !destinationDone {
                if let row = try await destination.next() { merge.destinationOnly(row) } else { destinationDone = true }
            }
        }
    }
}

/// Rows of one side one at a time, from the batches its feeding task sends.
struct CanonicalRowCursor {
    private var iterator: AsyncThrowingChannel<[CanonicalRow], any Error>.Iterator
    private var batch: [CanonicalRow] = []
    private var position = 0

    /// A cursor over `channel`.
    init(_ channel: AsyncThrowingChannel<[CanonicalRow], any Error>) { iterator = channel.makeAsyncIterator() }

    /// The next row, or nil at the end; throws the side's error.
    mutating func next() async throws -> CanonicalRow? {
        while position == batch.count {
            guard let next = try await iterator.next() else { return nil }
            batch = next
            position = 0
        }
        position += 1
        return batch[position - 1]
    }
}
