import Foundation
import MySQLBinlog
import NIOCore
import Testing

/// Loads the committed binlog fixtures (Fixtures/<name>.bin, produced by Fixtures/make-fixtures.sh from
/// Fixtures/<name>.sql) and cuts them into events.
enum Fixture {
    struct Missing: Error { var name: String }

    static func bytes(_ name: String) throws -> ByteBuffer {
        guard let base = Bundle.module.resourceURL else { throw Missing(name: name) }
        let url = base.appendingPathComponent("Fixtures").appendingPathComponent(name + ".bin")
        return ByteBuffer(bytes: try Data(contentsOf: url))
    }

    /// The event slices of a fixture file, magic skipped.
    static func eventSlices(_ name: String) throws -> [ByteBuffer] {
        var buffer = try bytes(name)
        _ = try BinlogEventFramer.readMagic(&buffer)
        var slices: [ByteBuffer] = []
        while let slice = try BinlogEventFramer.nextEvent(&buffer) { slices.append(slice) }
        #expect(buffer.readableBytes == 0)
        return slices
    }

    /// Every event of a fixture, decoded in order by one decoder.
    static func events(_ name: String, decoder: BinlogDecoder = BinlogDecoder()) throws -> [BinlogEvent] {
        var decoder = decoder
        return try eventSlices(name).map { try decoder.decode($0) }
    }

    /// The rows events of a fixture.
    static func rows(_ name: String, decoder: BinlogDecoder = BinlogDecoder()) throws -> [RowsEvent] {
        try events(name, decoder: decoder).compactMap {
            if case .rows(_, let rows) = $0 { return rows }
            return nil
        }
    }
}

extension MySQLValue {
    /// A UTF-8 string value as the utf8mb4_general_ci (45) columns of the fixtures hold it.
    static func utf8(_ text: String, collation: UInt16 = 45) -> MySQLValue {
        .string(Array(text.utf8), collationID: collation)
    }
}
