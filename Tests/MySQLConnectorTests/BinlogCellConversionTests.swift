import Foundation
import MySQLBinlog
import NIOCore
import SyncEngine
import Testing

@testable import MySQLSource

/// The change path's two ways from a rows event to `Row`s: images decoded to `MySQLValue`s then
/// `BinlogTableMapping.write(_ image:)`, and `RowsEvent.decodeCells()` then `BinlogTableMapping.write(_ cells:)`.
/// On every binlog fixture of MySQLBinlogTests (and with the plan's signedness flipped, which takes the
/// conversion branches) both must write the same bytes, or both fail.
@Suite struct BinlogCellConversionTests {
    static let fixtures = ["basic", "types", "images", "compressed", "mysql97-compressed", "mysql97-partial-json"]

    static func slices(_ fixture: String) throws -> [ByteBuffer] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("MySQLBinlogTests/Fixtures/\(fixture).bin")
        var buffer = ByteBuffer(bytes: try Data(contentsOf: url))
        _ = try BinlogEventFramer.readMagic(&buffer)
        var slices: [ByteBuffer] = []
        while let slice = try BinlogEventFramer.nextEvent(&buffer) { slices.append(slice) }
        return slices
    }

    static func rowsEvents(_ event: BinlogEvent) -> [RowsEvent] {
        switch event {
        case .rows(_, let rows): return [rows]
        case .transactionPayload(_, let payload): return payload.events.flatMap(rowsEvents)
        default: return []
        }
    }

    /// The rows the MySQLValue path writes, or nil when it fails.
    static func viaValues(_ rows: RowsEvent, _ mapping: BinlogTableMapping) -> [Row]? {
        var writer = RowImageWriter(width: mapping.imageIndexes.count, images: 4)
        do {
            for row in rows.rows {
                if let before = row.before { try writer.write(before, mapping: mapping) }
                if let after = row.after { try writer.write(after, mapping: mapping) }
            }
        } catch {
            return nil
        }
        return writer.rows()
    }

    /// The rows the cell path writes, or nil when it fails.
    static func viaCells(_ rows: RowsEvent, _ mapping: BinlogTableMapping, bytesPerValue: Int = 24) -> [Row]? {
        var writer = RowImageWriter(width: mapping.imageIndexes.count, images: 4, bytesPerValue: bytesPerValue)
        do {
            guard let cells = try rows.decodeCells() else { return viaValues(rows, mapping) }
            try writer.write(cells, mapping: mapping)
        } catch {
            return nil
        }
        return writer.rows()
    }

    @Test(arguments: fixtures, [false, true]) func cellsWriteTheSameBytesAsValues(fixture: String, flipSigns: Bool) throws {
        var eager = BinlogDecoder()
        var deferred = BinlogDecoder()
        deferred.deferRowImages = true
        var comparedValues = 0
        for slice in try Self.slices(fixture) {
            let pairs = zip(Self.rowsEvents(try eager.decode(slice)), Self.rowsEvents(try deferred.decode(slice)))
            for (one, two) in pairs {
                guard let table = one.table, var plan = TableMapPlan.plan(table) else { continue }
                if flipSigns {
                    for index in plan.columns.indices { plan.columns[index].type.isUnsigned.toggle() }
                    plan.source.columns = plan.columns
                }
                let mapping = try BinlogTableMapping(table: table, plan: plan)
                let expected = Self.viaValues(one, mapping)
                let actual = Self.viaCells(two, mapping)
                #expect(actual == expected, "\(fixture) \(table.table)")
                comparedValues += (expected ?? []).reduce(0) { $0 + $1.values.count }
            }
        }
        if fixture != "mysql97-partial-json" { #expect(comparedValues > 0) }
    }

    /// `write(cells)` writes into the room the writer reserved and takes more when a value does not fit: from a
    /// 64-byte start (nearly every value), a tight one, and one roomy enough for whole events.
    @Test(arguments: [1, 8, 400]) func cellsWriteTheSameBytesWhateverTheRoom(bytesPerValue: Int) throws {
        var eager = BinlogDecoder()
        var deferred = BinlogDecoder()
        deferred.deferRowImages = true
        var comparedRows = 0
        for fixture in Self.fixtures {
            for slice in try Self.slices(fixture) {
                let pairs = zip(Self.rowsEvents(try eager.decode(slice)), Self.rowsEvents(try deferred.decode(slice)))
                for (one, two) in pairs {
                    guard let table = one.table, let plan = TableMapPlan.plan(table) else { continue }
                    let mapping = try BinlogTableMapping(table: table, plan: plan)
                    let expected = Self.viaValues(one, mapping)
                    #expect(Self.viaCells(two, mapping, bytesPerValue: bytesPerValue) == expected, "\(fixture)")
                    comparedRows += expected?.count ?? 0
                }
            }
        }
        #expect(comparedRows > 0)
    }

    @Test func aPartialImageFailsTheSameWayBothWays() throws {
        var eager = BinlogDecoder()
        var deferred = BinlogDecoder()
        deferred.deferRowImages = true
        var partial = 0
        for slice in try Self.slices("images") {
            for (one, two) in zip(Self.rowsEvents(try eager.decode(slice)), Self.rowsEvents(try deferred.decode(slice))) {
                guard let table = one.table, let plan = TableMapPlan.plan(table), !one.includedColumns.allSatisfy({ $0 })
                else { continue }
                let mapping = try BinlogTableMapping(table: table, plan: plan)
                #expect(Self.viaValues(one, mapping) == nil)
                #expect(Self.viaCells(two, mapping) == nil)
                partial += 1
            }
        }
        #expect(partial > 0)
    }
}
