import MySQLBinlog
import MySQLClient
import SyncEngine
import SyncModel

extension MySQLChangeSource {
    /// Turns a user's start position (issue 5 item 4; `StartPosition`) into a restart point of this source:
    /// - `FILE:POS`: the file must be retained (else `.notFound` naming the oldest retained binlog) and the offset
    ///   inside it, at the start of a transaction (a GTID event or a `BEGIN` query), or at the end of the binlog;
    ///   otherwise `.invalidConfiguration`.
    /// - a GTID set: a GTID dump (MariaDB `@slave_connect_state`, MySQL COM_BINLOG_DUMP_GTID) is read up to the
    ///   first transaction not in the set; its file and offset are the restart point, with the set as the GTID
    ///   state. A set the server no longer has, or one ahead of it, fails with `.notFound` and the server's message;
    ///   a set that covers the whole binlog starts at the end.
    public func position(forStartPosition text: String) async throws -> String {
        guard let requested = StartPosition(parsing: text) else {
            throw SyncEngineError(.invalidConfiguration, "start position '\(text)' is not \(StartPosition.accepted)")
        }
        switch requested {
        case .file(let name, let offset):
            return try await filePosition(name: name, offset: offset)
        case .mysqlGTIDs(let text):
            guard let set = GTIDSet(text) else {
                throw SyncEngineError(.invalidConfiguration, "start position '\(text)' is not a MySQL GTID set")
            }
            return try await gtidPosition(.mysqlGTID(set), text: requested.text) { file, offset in
                MySQLStreamPosition(file: file, pos: offset, mysqlGTIDs: set.description)
            }
        case .mariaDBGTIDs(let text):
            guard let state = MariaDBGTIDSet(text) else {
                throw SyncEngineError(.invalidConfiguration, "start position '\(text)' is not a MariaDB GTID position")
            }
            return try await gtidPosition(.mariaDBGTID(state.description), text: requested.text) { file, offset in
                MySQLStreamPosition(file: file, pos: offset, mariadbGTID: state.description)
            }
        }
    }

    /// Checks `name:offset` (see `position(forStartPosition:)`).
    private func filePosition(name: String, offset: UInt64) async throws -> String {
        let requested = MySQLStreamPosition(file: name, pos: offset)
        try await checkRetained(requested)
        let files = try await pool.run(failing: .sourceFailed, "reading the source's binlog list") {
            try await $0.binaryLogs()
        }
        if let file = files.first(where: { $0.name == name }), offset > file.size {
            throw SyncEngineError(
                .invalidConfiguration,
                "start position \(requested) is past the end of \(name) (\(file.size) bytes); give an offset inside it")
        }
        let first: StartPositionProbe.Found
        do {
            first = try await StartPositionProbe.firstEvent(
                configuration: configuration, start: .position(requested.binlogPosition),
                serverID: Self.randomServerID())
        } catch let error as MySQLClientError {
            // The server (or the checksum check) refuses an offset in the middle of an event.
            throw SyncEngineError(
                .invalidConfiguration,
                "start position \(requested) is not a transaction boundary (the source cannot read an event there: "
                    + "\(error)); give the offset of a GTID or BEGIN event (SHOW BINLOG EVENTS)")
        }
        switch first {
        case .end, .transactionStart:
            return requested.encoded
        case .other(let position, let type):
            throw SyncEngineError(
                .invalidConfiguration,
                "start position \(requested) is not a transaction boundary (the event at \(position) is of type "
                    + "\(type), not a GTID or BEGIN event); give the offset of a transaction's first event"
                    + " (SHOW BINLOG EVENTS)")
        }
    }

    /// Reads a GTID dump from `start` up to the first transaction; `make` builds the restart point.
    private func gtidPosition(
        _ start: BinlogStart, text: String, make: (String, UInt64) -> MySQLStreamPosition
    ) async throws -> String {
        // Taken before the dump: if the dump finds no transaction after the set, everything up to here is in it.
        let end = try await pool.run(failing: .sourceFailed, "reading the source's binlog position") {
            try await $0.currentBinlogPosition()
        }
        let first: StartPositionProbe.Found
        do {
            first = try await StartPositionProbe.firstEvent(
                configuration: configuration, start: start, serverID: Self.randomServerID())
        } catch let error as MySQLClientError where error.serverError?.code == 1236 {
            throw SyncEngineError(
                .notFound,
                "the source cannot stream from GTID set \(text): it no longer has the binlog after it, or the set is"
                    + " ahead of it (\(error.serverError?.message ?? "\(error)")); choose a start position the source"
                    + " has, or re-snapshot the tables")
        } catch let error as MySQLClientError {
            throw SyncEngineError(.sourceFailed, "finding the binlog position of GTID set \(text): \(error)")
        }
        switch first {
        case .end:
            return make(end.file, end.position).encoded
        case .transactionStart(let position):
            return make(position.file, position.position).encoded
        case .other(let position, let type):
            throw SyncEngineError(
                .sourceFailed,
                "the GTID dump of \(text) began at \(position) with an event of type \(type), not a transaction start")
        }
    }
}
