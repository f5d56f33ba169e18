import MySQLBinlog
import MySQLWire
import NIOCore

/// The pure part of a binlog dump: the statements and commands that start it (checksum negotiation,
/// heartbeat, MariaDB capability and GTID state, COM_REGISTER_SLAVE, the dump command), CRC32 verification of
/// every event, and the position to resume from (tracked through ROTATE events and each header's next position).
///
/// MySQL Client/Server Protocol, "Replication Protocol"; MariaDB KB "COM_BINLOG_DUMP" and "GTID".
public struct BinlogStreamStateMachine: Sendable {
    /// One event as received, with the position after it.
    public struct Event: Sendable {
        /// The event bytes (header, body and checksum), as `BinlogDecoder.decode` expects them.
        public var raw: ByteBuffer
        /// The event header.
        public var header: BinlogEventHeader
        /// The position right after this event (where a resumed stream continues).
        public var nextPosition: BinlogPosition
    }

    /// What to do with a received event.
    public enum Action: Sendable {
        /// Hand the event on.
        case deliver(Event)
        /// Drop it (heartbeats), but the connection is alive.
        case alive
        /// The event is corrupt.
        case fail(MySQLClientError)
    }

    private let options: BinlogStreamOptions
    private let isMariaDB: Bool
    /// The checksum algorithm the server uses (`@@global.binlog_checksum`).
    public let checksum: ChecksumAlgorithm
    /// The last known position (file + offset after the last delivered event); nil until a ROTATE names the file.
    public private(set) var position: BinlogPosition?

    /// Creates the machine for one stream.
    public init(options: BinlogStreamOptions, isMariaDB: Bool, checksum: ChecksumAlgorithm) {
        self.options = options
        self.isMariaDB = isMariaDB
        self.checksum = checksum
        if case .position(let start) = options.start { position = start }
    }

    /// Session statements to run before the dump.
    public func setupStatements() -> [String] {
        let name = checksum == .crc32 ? "CRC32" : "NONE"
        var statements = [
            "SET @master_binlog_checksum = '\(name)'",
            "SET @source_binlog_checksum = '\(name)'",
            "SET @master_heartbeat_period = \(Self.nanoseconds(options.heartbeatPeriod))",
        ]
        if isMariaDB {
            statements.append("SET @mariadb_slave_capability = 4")
            if position == nil, case .mariaDBGTID(let state) = options.start {
                statements.append("SET @slave_connect_state = '\(state.filter { "0123456789-,".contains($0) })'")
                statements.append("SET @slave_gtid_strict_mode = 1")
                statements.append("SET @slave_gtid_ignore_duplicates = 0")
            }
        }
        return statements
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// COM_REGISTER_SLAVE.
    public func registerCommand() -> ComRegisterSlave { ComRegisterSlave(serverID: options.serverID) }

    /// The dump command payload: from the tracked position once known (a resume), else from the configured start.
    public func dumpCommand() -> ByteBuffer {
        let flags = options.stopAtEnd ? ComBinlogDump.nonBlock : 0
        if let position {
            return ComBinlogDump(
                position: UInt32(clamping: position.position), flags: flags, serverID: options.serverID,
                filename: position.file
            ).encode()
        }
        switch options.start {
        case .position(let start):
            return ComBinlogDump(
                position: UInt32(clamping: start.position), flags: flags, serverID: options.serverID, filename: start.file
            ).encode()
        case .mariaDBGTID:
            return ComBinlogDump(position: 4, flags: flags, serverID: options.serverID, filename: "").encode()
        case .mysqlGTID(let set):
            return ComBinlogDumpGTID(
                flags: ComBinlogDumpGTID.throughGTID | (options.stopAtEnd ? ComBinlogDumpGTID.nonBlock : 0),
                serverID: options.serverID, sidData: set.encodedSIDData
            ).encode()
        }
    }

    /// An event arrived (the dump packet minus its 0x00 byte).
    public mutating func eventReceived(_ raw: ByteBuffer) -> Action {
        var buffer = raw
        let header: BinlogEventHeader
        do {
            header = try BinlogEventHeader.read(from: &buffer)
        } catch {
            return .fail(MySQLClientError(.binlogDecode, "bad event header: \(error)"))
        }
        guard Int(header.eventSize) == raw.readableBytes else {
            return .fail(MySQLClientError(.binlogDecode, "event size \(header.eventSize) but packet has \(raw.readableBytes) bytes"))
        }
        if checksum == .crc32 {
            guard raw.readableBytes >= BinlogEventHeader.size + 4,
                let stored = raw.getInteger(at: raw.writerIndex - 4, endianness: .little, as: UInt32.self),
                let covered = raw.getSlice(at: raw.readerIndex, length: raw.readableBytes - 4)
            else { return .fail(MySQLClientError(.binlogDecode, "event too short for its checksum")) }
            if CRC32.checksum(covered) != stored {
                return .fail(MySQLClientError(.binlogDecode, "CRC32 mismatch in event type \(header.typeCode)"))
            }
        }
        if header.type == .rotate {
            let bodyLength = raw.readableBytes - BinlogEventHeader.size - checksum.trailerLength
            guard bodyLength >= 8, var body = raw.getSlice(at: raw.readerIndex + BinlogEventHeader.size, length: bodyLength),
                let next = body.readMySQLInteger(as: UInt64.self)
            else { return .fail(MySQLClientError(.binlogDecode, "short ROTATE event")) }
            position = BinlogPosition(file: body.readString(length: body.readableBytes) ?? "", position: next)
        } else if var current = position, UInt64(header.nextPosition) > current.position {
            // Positions only move forward within a file; a FORMAT_DESCRIPTION replayed at the start of a dump
            // must not move the resume point back.
            current.position = UInt64(header.nextPosition)
            position = current
        }
        if (header.type == .heartbeat || header.type == .heartbeatV2) && !options.deliverHeartbeats { return .alive }
        let after = position ?? BinlogPosition(file: "", position: UInt64(header.nextPosition))
        return .deliver(Event(raw: raw, header: header, nextPosition: after))
    }
}
