import NIOCore

/// The first packet of a text result set: the number of columns as a length-encoded integer.
///
/// MySQL Client/Server Protocol, "Text Resultset".
public enum ColumnCount {
    /// Decodes the column count; the payload must be fully consumed.
    public static func decode(_ payload: ByteBuffer) throws -> Int {
        var buffer = payload
        guard let count = buffer.readLengthEncodedInteger(), count > 0, count <= 4096 else {
            throw MySQLWireError(.malformed, message: "column count")
        }
        guard buffer.readableBytes == 0 else {
            throw MySQLWireError(.trailingBytes, message: "column count")
        }
        return Int(count)
    }
}
