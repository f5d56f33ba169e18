import MySQLBinlog
import NIOCore
import Testing
import TideTestSupport

/// `RowsEvent.decodeCells()` against the `MySQLValue` path (`RowsEvent.rows`): every fixture and randomly mutated
/// row images, decoded both ways, must give the same values (or both fail).
@Suite struct RowImageCellsTests {
    static let fixtures = ["basic", "types", "images", "nometadata", "compressed", "mysql97-compressed", "mysql97-partial-json"]

    /// The images of `rows` in event order, as `RowImageCells` orders them.
    static func images(_ rows: RowsEvent) -> [[MySQLValue?]] {
        var result: [[MySQLValue?]] = []
        for row in rows.rows {
            if let before = row.before { result.append(before) }
            if let after = row.after { result.append(after) }
        }
        return result
    }

    /// Every value of `cells`, image by image.
    static func values(_ cells: RowImageCells) throws -> [[MySQLValue?]] {
        try (0..<cells.imageCount).map { image in
            try (0..<cells.columnCount).map { column in try cells.value(image: image, column: column) }
        }
    }

    /// Decodes `slices` with a `MySQLValue` decoder and a deferring one; returns the rows events of both.
    static func decodeBoth(_ slices: [ByteBuffer]) throws -> [(eager: RowsEvent, deferred: RowsEvent)] {
        var eager = BinlogDecoder()
        var deferred = BinlogDecoder()
        deferred.deferRowImages = true
        var pairs: [(RowsEvent, RowsEvent)] = []
        for slice in slices {
            let one = try eager.decode(slice)
            let two = try deferred.decode(slice)
            pairs += zip(Self.rowsEvents(one), Self.rowsEvents(two)).map { ($0, $1) }
        }
        return pairs
    }

    static func rowsEvents(_ event: BinlogEvent) -> [RowsEvent] {
        switch event {
        case .rows(_, let rows): return [rows]
        case .transactionPayload(_, let payload): return payload.events.flatMap(rowsEvents)
        default: return []
        }
    }

    @Test(arguments: fixtures) func everyFixtureDecodesToTheSameValuesBothWays(fixture: String) throws {
        let pairs = try Self.decodeBoth(try Fixture.eventSlices(fixture))
        #expect(!pairs.isEmpty)
        var compared = 0
        for (eager, deferred) in pairs {
            guard let cells = try deferred.decodeCells() else {
                // PARTIAL_UPDATE_ROWS falls back to the MySQLValue path.
                #expect(deferred.rows == eager.rows)
                continue
            }
            #expect(deferred.rows.isEmpty)
            #expect(cells.rowCount == eager.rows.count)
            let expected = Self.images(eager)
            let actual = try Self.values(cells)
            #expect(actual == expected, "\(fixture): rows event of table \(eager.table?.table ?? "?")")
            compared += actual.reduce(0) { $0 + $1.count }
        }
        if fixture != "mysql97-partial-json" { #expect(compared > 0) }
    }

    @Test func theFixturesCoverEveryCellKind() throws {
        var kinds: Set<RowCell.Kind> = []
        for fixture in Self.fixtures {
            for (_, deferred) in try Self.decodeBoth(try Fixture.eventSlices(fixture)) {
                for cell in try deferred.decodeCells()?.cells ?? [] { kinds.insert(cell.kind) }
            }
        }
        for kind in [RowCell.Kind.absent, .null, .signed, .unsigned, .float, .double, .decimal, .string, .bytes, .date,
                     .time, .datetime, .timestamp, .year, .bit, .enumeration, .set, .json, .geometry] {
            #expect(kinds.contains(kind), "no \(kind) cell in the fixtures")
        }
    }

    /// Random bytes written over the row images of the fixtures' rows events: whenever the `MySQLValue` path
    /// decodes, the cells give the same values; whenever it fails, the cells fail too (JSON when its text is made).
    @Test(arguments: ["types", "images", "basic"]) func mutatedImagesDecodeTheSameBothWays(fixture: String) throws {
        var random = DecoderPropertyTests.SeededGenerator(state: 0x6365_6C6C ^ UInt64(fixture.utf8.count))
        var eager = BinlogDecoder(verifyChecksums: false)
        var deferred = BinlogDecoder(verifyChecksums: false)
        deferred.deferRowImages = true
        var agreedOnValues = 0
        var agreedOnFailure = 0
        for slice in try Fixture.eventSlices(fixture) {
            if case .rows = try eager.decode(slice) {
                for _ in 0..<80 {
                    var bytes = Array(slice.readableBytesView)
                    // The image bytes start after header, post-header and bitmaps: mutate the last 80%.
                    let low = max(BinlogEventHeader.size + 12, bytes.count / 5)
                    for _ in 0..<Int.random(in: 1...3, using: &random) where low < bytes.count {
                        bytes[Int.random(in: low..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                    }
                    if Bool.random(using: &random), bytes.count > low + 1 {
                        // Also truncate or extend the image, fixing the event size.
                        let cut = Int.random(in: low..<bytes.count, using: &random)
                        bytes = Array(bytes[..<cut]) + (Bool.random(using: &random) ? [] : [UInt8](repeating: 0, count: 3))
                        let size = UInt32(bytes.count)
                        for offset in 0..<4 { bytes[9 + offset] = UInt8(truncatingIfNeeded: size >> (8 * UInt32(offset))) }
                    }
                    let event = ByteBuffer(bytes: bytes)
                    var one = eager
                    var two = deferred
                    let expected = try? Self.rowsEvents(one.decode(event)).flatMap(Self.images)
                    let actual = try? (try Self.rowsEvents(two.decode(event)).map { (rows) throws -> [[MySQLValue?]] in
                        guard let cells = try rows.decodeCells() else { return Self.images(rows) }
                        return try Self.values(cells)
                    }.flatMap { $0 })
                    #expect(actual == expected)
                    if expected == nil { agreedOnFailure += 1 } else { agreedOnValues += 1 }
                }
            }
            _ = try? deferred.decode(slice)
        }
        #expect(agreedOnValues > 0)
        #expect(agreedOnFailure > 0)
    }
}
