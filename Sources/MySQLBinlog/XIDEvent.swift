import NIOCore

/// XID_EVENT (type 16): commit of an XA-capable (InnoDB) transaction (MySQL source documentation, "Xid_event").
public struct XIDEvent: Hashable, Sendable {
    /// The transaction id.
    public var xid: UInt64

    /// The memberwise initialiser.
    public init(xid: UInt64) { self.xid = xid }

    static func decode(body: inout ByteBuffer) throws(MySQLBinlogError) -> XIDEvent {
        XIDEvent(xid: try body.readLE(UInt64.self, "xid"))
    }
}
