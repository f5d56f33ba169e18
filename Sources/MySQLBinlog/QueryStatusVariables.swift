import NIOCore

/// The status variables of a QUERY event (MySQL source documentation, "Query_event" status vars `Q_*`;
/// MariaDB additions `Q_HRNOW` 128 and `Q_XID` 129). Decoding stops at the first unknown key, because its
/// length cannot be known; the known ones before it are kept.
public struct QueryStatusVariables: Hashable, Sendable {
    /// `Q_FLAGS2_CODE` (0): session option bits (autocommit off, foreign key checks off, ...).
    public var flags2: UInt32?
    /// `Q_SQL_MODE_CODE` (1): the session sql_mode bits.
    public var sqlMode: UInt64?
    /// `Q_CATALOG_NZ_CODE` (6) / `Q_CATALOG` (2).
    public var catalog: String?
    /// `Q_AUTO_INCREMENT` (3): auto_increment_increment and auto_increment_offset.
    public var autoIncrement: (increment: UInt16, offset: UInt16)? {
        get { autoIncrementPair.map { ($0[0], $0[1]) } }
        set { autoIncrementPair = newValue.map { [$0.increment, $0.offset] } }
    }
    var autoIncrementPair: [UInt16]?
    /// `Q_CHARSET_CODE` (4): character_set_client, collation_connection, collation_server (collation ids).
    public var charset: QueryCharset?
    /// `Q_TIME_ZONE_CODE` (5): the session time zone name.
    public var timeZone: String?
    /// `Q_LC_TIME_NAMES_CODE` (7).
    public var lcTimeNames: UInt16?
    /// `Q_CHARSET_DATABASE_CODE` (8): collation of the default database.
    public var charsetDatabase: UInt16?
    /// `Q_TABLE_MAP_FOR_UPDATE_CODE` (9).
    public var tableMapForUpdate: UInt64?
    /// `Q_INVOKER` (11): definer user and host.
    public var invokerUser: String?
    /// `Q_INVOKER` (11) host part.
    public var invokerHost: String?
    /// `Q_UPDATED_DB_NAMES` (12): databases the statement changed (nil when over the limit).
    public var updatedDatabases: [String]?
    /// `Q_MICROSECONDS` (13) / MariaDB `Q_HRNOW` (128): microsecond part of the start time.
    public var microseconds: UInt32?
    /// `Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP` (16).
    public var explicitDefaultsForTimestamp: Bool?
    /// `Q_DDL_LOGGED_WITH_XID` (17) / MariaDB `Q_XID` (129).
    public var xid: UInt64?
    /// `Q_DEFAULT_COLLATION_FOR_UTF8MB4` (18).
    public var defaultCollationForUTF8MB4: UInt16?

    /// An empty set.
    public init() {}

    public static func == (lhs: QueryStatusVariables, rhs: QueryStatusVariables) -> Bool {
        lhs.flags2 == rhs.flags2 && lhs.sqlMode == rhs.sqlMode && lhs.catalog == rhs.catalog
            && lhs.autoIncrementPair == rhs.autoIncrementPair && lhs.charset == rhs.charset
            && lhs.timeZone == rhs.timeZone && lhs.lcTimeNames == rhs.lcTimeNames
            && lhs.charsetDatabase == rhs.charsetDatabase && lhs.tableMapForUpdate == rhs.tableMapForUpdate
            && lhs.invokerUser == rhs.invokerUser && lhs.invokerHost == rhs.invokerHost
            && lhs.updatedDatabases == rhs.updatedDatabases && lhs.microseconds == rhs.microseconds
            && lhs.explicitDefaultsForTimestamp == rhs.explicitDefaultsForTimestamp && lhs.xid == rhs.xid
            && lhs.defaultCollationForUTF8MB4 == rhs.defaultCollationForUTF8MB4
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sqlMode)
        hasher.combine(charset)
        hasher.combine(xid)
    }

    static func decode(_ bytes: inout ByteBuffer) throws(MySQLBinlogError) -> QueryStatusVariables {
        var vars = QueryStatusVariables()
        while bytes.readableBytes > 0 {
            let key = try bytes.readLE(UInt8.self, "status var key")
            switch key {
            case 0: vars.flags2 = try bytes.readLE(UInt32.self, "flags2")
            case 1: vars.sqlMode = try bytes.readLE(UInt64.self, "sql_mode")
            case 2:
                let length = try bytes.readLE(UInt8.self, "catalog length")
                vars.catalog = try bytes.readText(Int(length), "catalog")
                try bytes.skip(1, "catalog terminator")
            case 3:
                vars.autoIncrementPair = [try bytes.readLE(UInt16.self), try bytes.readLE(UInt16.self)]
            case 4:
                vars.charset = QueryCharset(
                    client: try bytes.readLE(UInt16.self, "charset client"),
                    connection: try bytes.readLE(UInt16.self, "collation connection"),
                    server: try bytes.readLE(UInt16.self, "collation server"))
            case 5: vars.timeZone = try readShortText(&bytes, "time zone")
            case 6: vars.catalog = try readShortText(&bytes, "catalog")
            case 7: vars.lcTimeNames = try bytes.readLE(UInt16.self, "lc_time_names")
            case 8: vars.charsetDatabase = try bytes.readLE(UInt16.self, "charset database")
            case 9: vars.tableMapForUpdate = try bytes.readLE(UInt64.self, "table map for update")
            case 10: try bytes.skip(4, "master data written")
            case 11:
                vars.invokerUser = try readShortText(&bytes, "invoker user")
                vars.invokerHost = try readShortText(&bytes, "invoker host")
            case 12: vars.updatedDatabases = try readUpdatedDatabases(&bytes)
            case 13: vars.microseconds = UInt32(try bytes.readUIntLE(bytes: 3, "microseconds"))
            case 14: break  // Q_COMMIT_TS: never written
            case 15: try bytes.skip(8, "commit ts2")
            case 16: vars.explicitDefaultsForTimestamp = try bytes.readLE(UInt8.self) != 0
            case 17: vars.xid = try bytes.readLE(UInt64.self, "ddl xid")
            case 18: vars.defaultCollationForUTF8MB4 = try bytes.readLE(UInt16.self, "utf8mb4 collation")
            case 19, 20: try bytes.skip(1, "status flag")
            case 128: vars.microseconds = UInt32(try bytes.readUIntLE(bytes: 3, "hrnow"))
            case 129: vars.xid = try bytes.readLE(UInt64.self, "xid")
            default:
                bytes.moveReaderIndex(forwardBy: bytes.readableBytes)
            }
        }
        return vars
    }

    private static func readShortText(_ bytes: inout ByteBuffer, _ what: String) throws(MySQLBinlogError) -> String {
        let length = try bytes.readLE(UInt8.self, what)
        return try bytes.readText(Int(length), what)
    }

    private static func readUpdatedDatabases(_ bytes: inout ByteBuffer) throws(MySQLBinlogError) -> [String]? {
        let count = try bytes.readLE(UInt8.self, "updated db count")
        guard count != 254 else { return nil }  // OVER_MAX_DBS_IN_EVENT_MTS
        var names: [String] = []
        for _ in 0..<count {
            guard let end = bytes.readableBytesView.firstIndex(of: 0) else { throw .truncated("updated db name") }
            names.append(try bytes.readText(end - bytes.readerIndex, "updated db name"))
            try bytes.skip(1)
        }
        return names
    }
}

/// The `Q_CHARSET_CODE` status variable: three collation ids.
public struct QueryCharset: Hashable, Sendable {
    /// character_set_client (as a collation id).
    public var client: UInt16
    /// collation_connection.
    public var connection: UInt16
    /// collation_server.
    public var server: UInt16

    /// The memberwise initialiser.
    public init(client: UInt16, connection: UInt16, server: UInt16) {
        self.client = client
        self.connection = connection
        self.server = server
    }
}
