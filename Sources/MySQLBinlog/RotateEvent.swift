import NIOCore

/// ROTATE_EVENT (type 4): the binlog continues in another file at a position (MySQL source documentation,
/// "Rotate_event": post-header 8-byte position, body the file name). The server also sends an artificial
/// one at the start of a dump stream.
public struct RotateEvent: Hashable, Sendable {
    /// Position in the next file where reading continues.
    public var position: UInt64
    /// Name of the next binlog file.
    public var nextFile: String

    /// The memberwise initialiser.
    public init(position: UInt64, nextFile: String) {
        self.position = position
        self.nextFile = nextFile
    }

    static func decode(body: inout ByteBuffer, postHeaderLength: Int) throws(MySQLBinlogError) -> RotateEvent {
        let position = postHeaderLength >= 8 ? try body.readLE(UInt64.self, "rotate position") : 4
        try body.skip(max(0, postHeaderLength - 8), "rotate post-header")
        return RotateEvent(position: position, nextFile: body.readRemainingText())
    }
}
