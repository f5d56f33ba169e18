import MySQLClient
import NIOCore
import SyncEngine

/// Applies the change sets of one `ChangeBatch` on a connection whose transaction is open: per table, deletes
/// every key of `deletes` and of `upserts` (`MySQLDeleteBuilder`), then inserts `upserts` (`MySQLInsertBuilder`,
/// plain INSERT), in statements of up to `statementBytes`. A refused value fails the table with
/// `SyncEngineError.destinationFailed` naming it and the row's key; the caller rolls back.
struct MySQLChangeApplier {
    let connection: MySQLConnection
    let statementBytes: Int
    private var buffer = ByteBuffer()

    init(connection: MySQLConnection, statementBytes: Int) {
        self.connection = connection
        self.statementBytes = statementBytes
        buffer.reserveCapacity(statementBytes + 64 * 1024)
    }

    /// Applies one table's net changes. With a `logicalDeleteColumn` (HandleDml `LogicalDelete`) deleted keys are
    /// marked instead (`UPDATE ... SET marker = 1`), and upserted rows are deleted and inserted, so the marker
    /// takes its default (0, live) again.
    mutating func apply(_ changes: TableChangeSet) async throws {
        let plan = changes.plan
        try Self.check(changes)
        let deleter = MySQLDeleteBuilder(plan: plan)
        let keyRowIndexes = Array(deleter.keyIndexes.indices)
        if plan.logicalDeleteColumn != nil {
            let marker = MySQLDeleteBuilder(plan: plan, markingDeleted: true)
            try await runKeyed(marker, [(changes.deletes, keyRowIndexes)])
            try await runKeyed(deleter, [(changes.upserts, deleter.keyIndexes)])
        } else {
            try await runKeyed(deleter, [(changes.deletes, keyRowIndexes), (changes.upserts, deleter.keyIndexes)])
        }
        try await insert(changes.upserts, plan: plan)
    }

    /// Runs `builder`'s statements over the keys of `groups` (rows, and where their key values are).
    private mutating func runKeyed(_ deleter: MySQLDeleteBuilder, _ groups: [([Row], [Int])]) async throws {
        var pending = 0
        deleter.begin(&buffer)
        for (rows, indexes) in groups {
            for row in rows {
                deleter.append(row, at: indexes, first: pending == 0, to: &buffer)
                pending += 1
                if buffer.readableBytes >= statementBytes {
                    deleter.end(&buffer)
                    try await run()
                    pending = 0
                    deleter.begin(&buffer)
                }
            }
        }
        if pending > 0 {
            deleter.end(&buffer)
            try await run()
        }
    }

    private mutating func insert(_ rows: [Row], plan: TablePlan) async throws {
        let inserter = MySQLInsertBuilder(plan: plan, mode: .insert)
        var start = 0
        inserter.begin(&buffer)
        for (index, row) in rows.enumerated() {
            inserter.append(row, first: index == start, to: &buffer)
            if buffer.readableBytes >= statementBytes || index == rows.count - 1 {
                inserter.end(&buffer)
                do {
                    try await run()
                } catch let error as MySQLClientError where MySQLChunkWriter.isRowError(error) {
                    throw try await refusal(rows[start...index], plan: plan, inserter: inserter, statementError: error)
                }
                start = index + 1
                inserter.begin(&buffer)
            }
        }
    }

    /// Finds the row of a failed multi-row INSERT the destination refuses (InnoDB rolled back only that
    /// statement) by inserting its rows one by one, and describes it.
    private func refusal(
        _ rows: ArraySlice<Row>, plan: TablePlan, inserter: MySQLInsertBuilder, statementError: MySQLClientError
    ) async throws -> SyncEngineError {
        for row in rows {
            try Task.checkCancellation()
            do {
                try await connection.execute(bytes: inserter.single(row))
            } catch let error as MySQLClientError where MySQLChunkWriter.isRowError(error) {
                let key = MySQLKeyText.of(row, plan: plan).joined(separator: ", ")
                let reason = error.serverError?.message ?? "\(error)"
                return SyncEngineError(
                    .destinationFailed,
                    "applying changes to \(plan.destination): the row with key (\(key)) was refused: \(reason)")
            }
        }
        let reason = statementError.serverError?.message ?? "\(statementError)"
        return SyncEngineError(.destinationFailed, "applying changes to \(plan.destination): \(reason)")
    }

    private func run() async throws {
        try Task.checkCancellation()
        _ = try await connection.execute(bytes: buffer)
    }

    /// Refuses rows whose value count does not match the plan (they would be written into the wrong columns).
    private static func check(_ changes: TableChangeSet) throws {
        let plan = changes.plan
        let keyCount = plan.keyIndexesInRow?.count ?? plan.columns.count
        if let bad = changes.deletes.first(where: { $0.count != keyCount }) {
            throw SyncEngineError(
                .invalidConfiguration,
                "a delete for \(plan.destination) has \(bad.count) key values; its plan has \(keyCount) key columns"
            )
        }
        if let bad = changes.upserts.first(where: { $0.count != plan.columns.count }) {
            throw SyncEngineError(
                .invalidConfiguration,
                "a row for \(plan.destination) has \(bad.count) values; its plan has \(plan.columns.count) columns"
            )
        }
    }
}
