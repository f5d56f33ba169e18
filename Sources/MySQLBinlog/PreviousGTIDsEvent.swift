import NIOCore

/// MySQL PREVIOUS_GTIDS_LOG_EVENT (35): the GTID set executed before this binlog file
/// (MySQL source documentation, "Previous_gtids_event"; encoded like `Gtid_set::encode`).
public struct PreviousGTIDsEvent: Hashable, Sendable {
    /// The GTID set.
    public var gtidSet: GTIDSet

    /// The memberwise initialiser.
    public init(gtidSet: GTIDSet) { self.gtidSet = gtidSet }

    static func decode(body: inout ByteBuffer) throws(MySQLBinlogError) -> PreviousGTIDsEvent {
        PreviousGTIDsEvent(gtidSet: try GTIDSet.decodeBinary(&body))
    }
}
