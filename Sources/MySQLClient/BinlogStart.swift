import MySQLBinlog
import MySQLWire
import NIOCore

/// Where a binlog stream starts.
public enum BinlogStart: Sendable, Hashable {
    /// A file and position (4 = the first event).
    case position(BinlogPosition)
    /// MariaDB: after the GTIDs in this `@slave_connect_state` (e.g. `0-1-5`; empty = the oldest binlog).
    case mariaDBGTID(String)
    /// MySQL: every transaction not in this executed GTID set (COM_BINLOG_DUMP_GTID).
    case mysqlGTID(GTIDSet)
}

/// Options of a binlog dump.
public struct BinlogStreamOptions: Sendable {
    /// This replica's server id (unique among the source's replicas).
    public var serverID: UInt32
    /// Where to start.
    public var start: BinlogStart
    /// Heartbeat period asked of the server; the connection is declared dead after 3 periods without data.
    public var heartbeatPeriod: Duration
    /// Stop at the end of the binlog instead of waiting for new events (COM_BINLOG_DUMP non-block flag).
    public var stopAtEnd: Bool
    /// Reconnect and resume from the last position when the connection drops.
    public var reconnect: Bool
    /// Attempts before giving up on reconnecting.
    public var maxReconnectAttempts: Int
    /// Hand HEARTBEAT events on (as `Event`s) instead of dropping them; a change source uses them to tell that
    /// the source is idle (MariaDB sends them only when it has nothing else to send).
    public var deliverHeartbeats = false

    /// Creates options.
    public init(
        serverID: UInt32 = 4242, start: BinlogStart, heartbeatPeriod: Duration = .seconds(5), stopAtEnd: Bool = false,
        reconnect: Bool = true, maxReconnectAttempts: Int = 30
    ) {
        self.serverID = serverID
        self.start = start
        self.heartbeatPeriod = heartbeatPeriod
        self.stopAtEnd = stopAtEnd
        self.reconnect = reconnect
        self.maxReconnectAttempts = maxReconnectAttempts
    }
}

extension GTIDSet {
    /// The binary form COM_BINLOG_DUMP_GTID expects: SID count, then per SID the 16 UUID bytes, the interval
    /// count and each interval as [start, end+1) little-endian 64-bit pairs. (MySQL `Gtid_set::encode`.)
    var encodedSIDData: [UInt8] {
        var buffer = ByteBuffer()
        let sids = intervals.keys.sorted()
        buffer.writeMySQLInteger(UInt64(sids.count))
        for sid in sids {
            buffer.writeInteger(sid.high, endianness: .big)
            buffer.writeInteger(sid.low, endianness: .big)
            let list = intervals[sid] ?? []
            buffer.writeMySQLInteger(UInt64(list.count))
            for interval in list {
                buffer.writeMySQLInteger(interval.start)
                buffer.writeMySQLInteger(interval.end &+ 1)
            }
        }
        return Array(buffer.readableBytesView)
    }
}
