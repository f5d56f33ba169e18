import Foundation
import MySQLBinlog
import MySQLClient
import NIOCore
import SyncEngine

extension MySQLChangeSource {
    /// Streams the binlog from `position` (issue 5 items 1 and 7): `BinlogStream` (reconnecting, a random replica
    /// server id per stream, heartbeats delivered) + `BinlogDecoder` (with the plans' schemas for TABLE_MAPs without
    /// metadata) + `ChangeStreamAssembler`. Fails with `.notFound` naming the oldest retained binlog when the
    /// position's binlog was purged, `.invalidConfiguration` when the source does not log full row images, and
    /// `.sourceFailed` for connection and decoding errors. Runs until cancelled (noticed at the next event or
    /// heartbeat) or an error; errors thrown by `body` pass through unchanged.
    public func streamChanges(
        from position: String, plans: [TablePlan], _ body: (ChangeStreamEvent) async throws -> Void
    ) async throws {
        let start = try MySQLStreamPosition(decoding: position)
        let schemas = try await preflight(start, plans: plans)
        var decoder = BinlogDecoder()
        decoder.deferRowImages = true  // ChangeStreamAssembler decodes the images to RowImageCells
        decoder.schemaProvider = { table in schemas[ChangeStreamAssembler.key(table.database, table.table)] }
        var options = BinlogStreamOptions(
            serverID: Self.randomServerID(), start: .position(start.binlogPosition), heartbeatPeriod: heartbeatPeriod,
            reconnect: true)
        options.deliverHeartbeats = true
        let stream = BinlogStream(configuration: configuration, options: options, logger: logger)
        var assembler = ChangeStreamAssembler(start: start, plans: plans, emptyInterval: emptyTransactionInterval)
        let planned = Set(plans.map { ChangeStreamAssembler.key($0.source.name.schema, $0.source.name.name) })
        let clock = ContinuousClock()
        let began = clock.now
        do {
            while true {
                let event = try await next(stream, start: start)
                try Task.checkCancellation()
                if event.header.type == .heartbeat || event.header.type == .heartbeatV2 {
                    let now = UInt32(clamping: Int64(Date().timeIntervalSince1970))
                    for output in assembler.heartbeat(elapsed: clock.now - began, now: now) { try await body(output) }
                    continue
                }
                if Self.isRowsOfUnplannedTable(event, decoder: decoder, planned: planned) { continue }
                let decoded: BinlogEvent
                do {
                    decoded = try decoder.decode(event.raw)
                } catch {
                    throw SyncEngineError(
                        .sourceFailed, "cannot decode the binlog event ending at \(event.nextPosition): \(error)")
                }
                for output in try assembler.process(decoded, elapsed: clock.now - began) { try await body(output) }
            }
        } catch {
            await stream.close()
            throw error
        }
    }

    /// Rows events of tables the task does not sync are skipped without decoding their rows: they cost decode time
    /// and cannot stop the stream. (Their CRC32 was verified by the stream; transaction boundaries come from other
    /// events.) The table is known from the rows event's table id (6 bytes after the 19-byte event header) and the
    /// TABLE_MAP the decoder saw; an unknown id is decoded as usual.
    static func isRowsOfUnplannedTable(
        _ event: BinlogStreamStateMachine.Event, decoder: BinlogDecoder, planned: Set<String>
    ) -> Bool {
        guard rowsEventTypes.contains(event.header.type) else { return false }
        let raw = event.raw
        guard raw.readableBytes >= 25 else { return false }
        var tableID: UInt64 = 0
        for offset in 0..<6 {
            let byte = raw.getInteger(at: raw.readerIndex + 19 + offset, as: UInt8.self) ?? 0
            tableID |= UInt64(byte) << (8 * offset)
        }
        guard let table = decoder.tableMaps[tableID] else { return false }
        return !planned.contains(ChangeStreamAssembler.key(table.database, table.table))
    }

    static let rowsEventTypes: Set<BinlogEventType> = [
        .writeRowsV1, .updateRowsV1, .deleteRowsV1, .writeRowsV2, .updateRowsV2, .deleteRowsV2,
        .writeRowsCompressedV1, .updateRowsCompressedV1, .deleteRowsCompressedV1, .writeRowsCompressed,
        .updateRowsCompressed, .deleteRowsCompressed,
    ]

    /// The next event of `stream`; client errors become `SyncEngineError`s (`.notFound` when the server says the
    /// binlog is gone).
    private func next(
        _ stream: BinlogStream, start: MySQLStreamPosition
    ) async throws -> BinlogStreamStateMachine.Event {
        do {
            if let event = try await stream.next() { return event }
            try Task.checkCancellation()
            throw SyncEngineError(.sourceFailed, "the binlog stream of \(configuration.host) ended")
        } catch let error as MySQLClientError {
            let at = await stream.position.map { "\($0)" } ?? start.description
            if error.serverError?.code == 1236 { try await checkRetained(start) }
            throw SyncEngineError(.sourceFailed, "reading the binlog of \(configuration.host) at \(at): \(error)")
        }
    }

    /// Checks that the source logs full row images and still has `start`'s binlog; returns the decoder's fallback
    /// schemas of the planned tables (with each column's collation id), keyed by `ChangeStreamAssembler.key`.
    func preflight(_ start: MySQLStreamPosition, plans: [TablePlan]) async throws -> [String: MySQLBinlog.TableSchema] {
        try await checkRetained(start)
        let schemaList = Set(plans.map(\.source.name.schema)).sorted().map(MySQLSQLText.stringLiteral)
            .joined(separator: ",")
        let (format, image, collationRows) = try await pool.run(failing: .sourceFailed, "checking the source's binlog settings") {
            connection in
            let settings = try await connection.simpleQuery("SELECT @@global.binlog_format, @@global.binlog_row_image")
            let collations =
                schemaList.isEmpty
                ? []
                : try await connection.simpleQuery(
                    "SELECT c.TABLE_SCHEMA, c.TABLE_NAME, c.COLUMN_NAME, co.ID FROM information_schema.COLUMNS c"
                        + " JOIN information_schema.COLLATIONS co ON co.COLLATION_NAME = c.COLLATION_NAME"
                        + " WHERE c.TABLE_SCHEMA IN (\(schemaList))"
                ).map { [$0[0] ?? "", $0[1] ?? "", $0[2] ?? "", $0[3] ?? ""] }
            return (settings.first?[0] ?? "", settings.first?[1] ?? "", collations)
        }
        guard format.uppercased() == "ROW", image.uppercased() == "FULL" else {
            throw SyncEngineError(
                .invalidConfiguration,
                "the source logs binlog_format=\(format), binlog_row_image=\(image); change capture needs"
                    + " binlog_format=ROW and binlog_row_image=FULL")
        }
        var collations: [String: [String: UInt16]] = [:]
        for row in collationRows {
            guard let id = UInt16(row[3]) else { continue }
            collations[ChangeStreamAssembler.key(row[0], row[1]), default: [:]][row[2]] = id
        }
        var schemas: [String: MySQLBinlog.TableSchema] = [:]
        for plan in plans {
            let key = ChangeStreamAssembler.key(plan.source.name.schema, plan.source.name.name)
            schemas[key] = BinlogTableMapping.decoderSchema(plan, collations: collations[key] ?? [:])
        }
        return schemas
    }

    /// Fails with `.notFound` when `start`'s binlog file is no longer on the server.
    func checkRetained(_ start: MySQLStreamPosition) async throws {
        let files = try await pool.run(failing: .sourceFailed, "reading the source's binlog list") {
            try await $0.binaryLogs()
        }
        guard !files.contains(where: { $0.name == start.file }) else { return }
        let oldest = files.first?.name ?? "none"
        throw SyncEngineError(
            .notFound,
            "binlog \(start.file) needed to resume at \(start) was purged; the oldest retained is \(oldest);"
                + " re-snapshot the affected tables (or raise the source's binlog retention)")
    }
}
