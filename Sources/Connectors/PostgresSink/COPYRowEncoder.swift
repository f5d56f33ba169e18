import Logging
import NIOCore
import PostgresNIO
import SyncEngine

/// The COPY format a batch of rows is sent in: binary when every column of the table has a `COPYBinaryColumn`
/// (and the sink allows it), text otherwise. One value per COPY; each COPY's data is `begin`, rows, `finish`.
enum COPYRowEncoder: Sendable {
    case text(COPYTextEncoder)
    case binary(COPYBinaryEncoder)

    /// The encoder for source columns `sources` written to destination types `destinationTypes` (as
    /// `format_type` prints them, or the mapped type when the table does not list the column).
    static func make(
        sources: [ColumnType], destinationTypes: [String], zeroDateAsNull: Bool, allowBinary: Bool
    ) -> COPYRowEncoder {
        if allowBinary {
            var binary: [COPYBinaryColumn] = []
            for (source, type) in zip(sources, destinationTypes) {
                guard let column = COPYBinaryColumn.forColumn(source, destinationType: type) else { break }
                binary.append(column)
            }
            if binary.count == sources.count,
                let encoder = COPYBinaryEncoder(columns: binary, zeroDateAsNull: zeroDateAsNull)
            {
                return .binary(encoder)
            }
        }
        let text = zip(sources, destinationTypes).map { COPYColumnEncoding.forColumn($0, destinationType: $1) }
        return .text(COPYTextEncoder(columns: text, zeroDateAsNull: zeroDateAsNull))
    }

    /// Whether rows go in binary format.
    var isBinary: Bool {
        if case .binary = self { return true }
        return false
    }

    /// Starts one COPY's data.
    func begin(_ buffer: inout ByteBuffer) {
        if case .binary(let encoder) = self { encoder.begin(&buffer) }
    }

    /// Appends one row, after a leading boolean column `flag` when given; nil when written, else why it is
    /// refused (`buffer` unchanged).
    func append(_ row: Row, to buffer: inout ByteBuffer, flag: Bool? = nil) -> String? {
        switch self {
        case .text(let encoder):
            let start = buffer.writerIndex
            if let flag {
                buffer.writeInteger(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
                buffer.writeInteger(UInt8(ascii: "\t"))
            }
            guard let refusal = encoder.append(row, to: &buffer) else { return nil }
            buffer.moveWriterIndex(to: start)
            return refusal
        case .binary(let encoder):
            return encoder.append(row, to: &buffer, flag: flag)
        }
    }

    /// Ends one COPY's data.
    func finish(_ buffer: inout ByteBuffer) {
        if case .binary(let encoder) = self { encoder.finish(&buffer) }
    }

    /// Runs `COPY table (columns) FROM STDIN` in this format on `connection`, sending `data`.
    ///
    /// postgres-nio's `copyFrom` builds `COPY "<table>"(<columns>) FROM STDIN WITH (FORMAT text)` and offers no
    /// other format; its table argument is inserted as given (documented), so for binary the whole target and
    /// options are passed there and the generated text format clause is commented out. Every name in it is an
    /// escaped identifier (`PostgresIdentifier`), so nothing else can enter the statement.
    func copy(
        _ data: ByteBuffer, into table: TableName, columns: [String], on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        switch self {
        case .text:
            try await connection.copyFrom(
                table: PostgresIdentifier.copyTableArgument(table),
                columns: columns.map(PostgresIdentifier.escaped), format: .text(.init()), logger: logger
            ) { writer in
                try await writer.write(data)
            }
        case .binary:
            let target =
                PostgresIdentifier.copyTableArgument(table) + "\" ("
                + columns.map(PostgresIdentifier.quoted).joined(separator: ", ")
                + ") FROM STDIN WITH (FORMAT binary) --"
            try await connection.copyFrom(table: target, columns: [], format: .text(.init()), logger: logger) {
                writer in
                try await writer.write(data)
            }
        }
    }
}
