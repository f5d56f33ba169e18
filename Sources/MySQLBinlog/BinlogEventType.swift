/// The binlog event type codes of MySQL (`Log_event_type`, MySQL source `binlog_event.h`) and the MariaDB
/// additions from 160 on (MariaDB KB "Replication Protocol", "Binlog Event Type Codes").
///
/// Open on purpose: a code outside this list is still a valid value and decodes as ``BinlogEvent/unknown(_:_:)``.
public struct BinlogEventType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let startV3 = Self(rawValue: 1)
    public static let query = Self(rawValue: 2)
    public static let stop = Self(rawValue: 3)
    public static let rotate = Self(rawValue: 4)
    public static let intvar = Self(rawValue: 5)
    public static let rand = Self(rawValue: 13)
    public static let userVar = Self(rawValue: 14)
    public static let formatDescription = Self(rawValue: 15)
    public static let xid = Self(rawValue: 16)
    public static let tableMap = Self(rawValue: 19)
    public static let writeRowsV0 = Self(rawValue: 20)
    public static let updateRowsV0 = Self(rawValue: 21)
    public static let deleteRowsV0 = Self(rawValue: 22)
    public static let writeRowsV1 = Self(rawValue: 23)
    public static let updateRowsV1 = Self(rawValue: 24)
    public static let deleteRowsV1 = Self(rawValue: 25)
    public static let incident = Self(rawValue: 26)
    public static let heartbeat = Self(rawValue: 27)
    public static let ignorable = Self(rawValue: 28)
    public static let rowsQuery = Self(rawValue: 29)
    public static let writeRowsV2 = Self(rawValue: 30)
    public static let updateRowsV2 = Self(rawValue: 31)
    public static let deleteRowsV2 = Self(rawValue: 32)
    public static let gtid = Self(rawValue: 33)
    public static let anonymousGTID = Self(rawValue: 34)
    public static let previousGTIDs = Self(rawValue: 35)
    public static let transactionContext = Self(rawValue: 36)
    public static let viewChange = Self(rawValue: 37)
    public static let xaPrepare = Self(rawValue: 38)
    public static let partialUpdateRows = Self(rawValue: 39)
    public static let transactionPayload = Self(rawValue: 40)
    public static let heartbeatV2 = Self(rawValue: 41)
    public static let gtidTagged = Self(rawValue: 42)

    // MariaDB
    public static let annotateRows = Self(rawValue: 160)
    public static let binlogCheckpoint = Self(rawValue: 161)
    public static let mariaDBGTID = Self(rawValue: 162)
    public static let mariaDBGTIDList = Self(rawValue: 163)
    public static let startEncryption = Self(rawValue: 164)
    public static let queryCompressed = Self(rawValue: 165)
    public static let writeRowsCompressedV1 = Self(rawValue: 166)
    public static let updateRowsCompressedV1 = Self(rawValue: 167)
    public static let deleteRowsCompressedV1 = Self(rawValue: 168)
    public static let writeRowsCompressed = Self(rawValue: 169)
    public static let updateRowsCompressed = Self(rawValue: 170)
    public static let deleteRowsCompressed = Self(rawValue: 171)

    public var description: String { "BinlogEventType(\(rawValue))" }
}
