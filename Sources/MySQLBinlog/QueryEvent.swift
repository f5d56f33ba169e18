import NIOCore

/// QUERY_EVENT (type 2): a statement logged as text — BEGIN, DDL, and DML under statement format
/// (MySQL source documentation, "Query_event": post-header thread id, exec time, db length, error code,
/// status-vars length; then status vars, the default database NUL-terminated, and the query).
public struct QueryEvent: Hashable, Sendable {
    /// Connection id of the session that ran the statement.
    public var threadID: UInt32
    /// Seconds the statement took.
    public var executionTime: UInt32
    /// Error code the statement produced on the source (0 for success).
    public var errorCode: UInt16
    /// The default database (`USE db`) when the statement ran; empty when none.
    public var database: String
    /// The statement text.
    public var query: String
    /// The decoded status variables.
    public var status: QueryStatusVariables

    /// The memberwise initialiser.
    public init(
        threadID: UInt32, executionTime: UInt32, errorCode: UInt16, database: String, query: String,
        status: QueryStatusVariables
    ) {
        self.threadID = threadID
        self.executionTime = executionTime
        self.errorCode = errorCode
        self.database = database
        self.query = query
        self.status = status
    }

    static func decode(body: inout ByteBuffer, postHeaderLength: Int, compressed: Bool = false)
        throws(MySQLBinlogError) -> QueryEvent
    {
        guard postHeaderLength >= 11 else { throw .malformed("query post-header length \(postHeaderLength)") }
        let thread = try body.readLE(UInt32.self, "thread id")
        let execution = try body.readLE(UInt32.self, "exec time")
        let databaseLength = try body.readLE(UInt8.self, "db length")
        let error = try body.readLE(UInt16.self, "error code")
        var statusLength = 0
        if postHeaderLength >= 13 {
            statusLength = Int(try body.readLE(UInt16.self, "status vars length"))
            try body.skip(postHeaderLength - 13, "query post-header")
        } else {
            try body.skip(postHeaderLength - 11, "query post-header")
        }
        var statusBytes = try body.readSliceOrThrow(statusLength, "status vars")
        let status = try QueryStatusVariables.decode(&statusBytes)
        let database = try body.readText(Int(databaseLength), "database")
        try body.skip(1, "database terminator")
        // MariaDB QUERY_COMPRESSED_EVENT: the statement text is a compressed block.
        let query = compressed
            ? String(decoding: try MariaDBCompression.decompress(&body), as: UTF8.self) : body.readRemainingText()
        return QueryEvent(
            threadID: thread, executionTime: execution, errorCode: error, database: database, query: query,
            status: status)
    }
}
