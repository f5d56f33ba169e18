// Decodes a recorded binlog file and reports row changes per second and peak memory.
//
// usage: BinlogDecode <binlog file> [--runs N] [--no-checksum] [--end-pos P] [--api product|product-values|stream|values]
//                     [--read-kib K] [--digest]
// The file is read in 4 MiB chunks (--read-kib) straight into a ByteBuffer and pushed through BinlogEventFramer +
// BinlogDecoder, exactly as a socket would deliver it. With --end-pos, decoding stops after the event that ends at or
// before P (the same cut as binlog-decode.py). Both wall-clock and CPU-time rates are printed: on a shared machine
// the CPU-time rate is the one-core figure. Figures are printed, never asserted.
//
// --api product (default) is the change stream's conversion: the decoder leaves row images undecoded
// (`deferRowImages`) and each rows event goes RowsEvent.decodeCells -> BinlogTableMapping -> BinlogRowConverter ->
// RowImageWriter -> RowChanges whose values are the interchange bytes, as ChangeStreamAssembler.collect does (its
// files are symlinked here), for a plan of every column of every table (TableMapPlan, from the file's TABLE_MAPs in
// an untimed first pass). --api stream runs the same through ChangeStreamAssembler itself, which keeps every
// transaction whole until its commit (the gen-data.py load is one 1,000,000-row transaction: ~1 GB held).
// --api product-values is the product path as it was before RowImageCells (row images to `[MySQLValue?]`, then
// BinlogRowConverter per value). --api values decodes every row image to `[MySQLValue?]` (the old `RowsEvent.rows`
// API) and converts nothing. --digest prints a CRC32 of every converted value (untimed use: the product and
// product-values paths must print the same digest).
import Foundation
import MySQLBinlog
import NIOCore
import SyncEngine

#if canImport(Glibc)
import Glibc
#endif

struct Totals {
    var events = 0
    var rowsEvents = 0
    var rowChanges = 0
    var values = 0
    var nulls = 0
    var bytes = 0
    var valueBytes = 0
    var transactions = 0
    /// With `--digest`: the CRC32 of every value's bytes, each followed by its length (0xFFFFFFFF for NULL), to
    /// compare the APIs' interchange bytes (off when timing).
    var digest: UInt32 = 0
}

/// Touches every decoded value so nothing is optimized away.
@inline(__always)
func count(_ image: [MySQLValue?]?, _ totals: inout Totals) {
    guard let image else { return }
    for value in image {
        totals.values += 1
        if case .null? = value { totals.nulls += 1 }
    }
}

/// Reads `path` through the framer and hands each event (and its end offset) to `body` until `endPosition`.
/// Returns the events and bytes read.
func forEachEvent(
    _ path: String, endPosition: Int, _ body: (ByteBuffer) throws -> Void
) throws -> (events: Int, bytes: Int) {
    var totals = (events: 0, bytes: 0)
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw MySQLBinlogError(.malformed, "cannot open \(path)") }
    defer { close(fd) }
    var pending = ByteBuffer()
    var magicSeen = false
    var position = 0  // file offset of the next event
    reading: while true {
        pending.reserveCapacity(minimumWritableBytes: readChunk)
        let readCount = pending.writeWithUnsafeMutableBytes(minimumWritableBytes: readChunk) { target in
            max(0, read(fd, target.baseAddress, min(target.count, readChunk)))
        }
        if readCount == 0 { break }
        totals.bytes += readCount
        if !magicSeen {
            guard try BinlogEventFramer.readMagic(&pending) != nil else { continue }
            magicSeen = true
            position = 4
        }
        while let event = try BinlogEventFramer.nextEvent(&pending) {
            position += event.readableBytes
            if endPosition > 0 && position > endPosition { break reading }
            totals.events += 1
            try body(event)
        }
        pending.discardReadBytes()
    }
    return totals
}

/// The plans of every table whose TABLE_MAP appears before `endPosition` (untimed first pass).
func plans(_ path: String, endPosition: Int) throws -> [TablePlan] {
    var decoder = BinlogDecoder(verifyChecksums: false)
    decoder.deferRowImages = true
    var plans: [String: TablePlan] = [:]
    _ = try forEachEvent(path, endPosition: endPosition) { event in
        if case .tableMap(_, let table) = try decoder.decode(event), let plan = TableMapPlan.plan(table) {
            plans[plan.tableKey] = plans[plan.tableKey] ?? plan
        }
    }
    return plans.values.sorted { $0.tableKey < $1.tableKey }
}

/// Touches every value of a converted image so nothing is optimized away.
@inline(__always)
func touch(_ image: Row?, _ totals: inout Totals) {
    guard let image else { return }
    // As the sinks read a row: every value by pointer, inside one access to the row's storage.
    image.forEachValue { _, value in
        totals.values += 1
        if let value { totals.valueBytes += value.count } else { totals.nulls += 1 }
        if digestValues {
            if let value { totals.digest = CRC32.update(totals.digest, raw: value) }
            let length = UInt32(truncatingIfNeeded: value?.count ?? -1)
            totals.digest = withUnsafeBytes(of: length) { CRC32.update(totals.digest, raw: $0) }
        }
    }
}

/// The change stream's path: deferred row images -> ChangeStreamAssembler -> transactions of RowChanges.
func convertFile(_ path: String, plans: [TablePlan], verifyChecksums: Bool, endPosition: Int) throws -> Totals {
    var totals = Totals()
    var decoder = BinlogDecoder(verifyChecksums: verifyChecksums)
    decoder.deferRowImages = true
    var assembler = ChangeStreamAssembler(
        start: MySQLStreamPosition(file: (path as NSString).lastPathComponent, pos: 4), plans: plans)
    let read = try forEachEvent(path, endPosition: endPosition) { raw in
        let event = try decoder.decode(raw)
        if case .rows = event { totals.rowsEvents += 1 }
        for output in try assembler.process(event, elapsed: .zero) {
            guard case .transaction(let transaction) = output else { continue }
            totals.transactions += 1
            for change in transaction.changes {
                totals.rowChanges += 1
                touch(change.before, &totals)
                touch(change.after, &totals)
            }
        }
    }
    (totals.events, totals.bytes) = (read.events, read.bytes)
    return totals
}

/// The change stream's conversion per rows event, as `ChangeStreamAssembler.collect` does it (RowsEvent.decodeCells
/// -> BinlogTableMapping -> RowImageWriter -> RowChanges), the changes dropped after each event instead of being
/// kept until their transaction commits.
/// With `cells` false, the same through the MySQLValue path (what the change stream did before RowImageCells).
func convertEvents(
    _ path: String, plans: [TablePlan], verifyChecksums: Bool, endPosition: Int, cells useCells: Bool = true
) throws -> Totals {
    var totals = Totals()
    var decoder = BinlogDecoder(verifyChecksums: verifyChecksums)
    decoder.deferRowImages = useCells
    var byName: [String: TablePlan] = [:]
    for plan in plans { byName[plan.tableKey] = plan }
    var mappings: [UInt64: BinlogTableMapping] = [:]
    let read = try forEachEvent(path, endPosition: endPosition) { raw in
        switch try decoder.decode(raw) {
        case .tableMap(_, let table):
            mappings[table.tableID] = try byName[table.database + "." + table.table].map {
                try BinlogTableMapping(table: table, plan: $0)
            }
        case .rows(_, let rows):
            totals.rowsEvents += 1
            guard let mapping = mappings[rows.tableID] else { return }
            var writer: RowImageWriter
            let rowCount: Int
            if let cells = try rows.decodeCells() {
                writer = RowImageWriter(width: mapping.imageIndexes.count, cells: cells)
                try writer.write(cells, mapping: mapping)
                rowCount = cells.rowCount
            } else {
                writer = RowImageWriter(width: mapping.imageIndexes.count, images: rows.rows.count * (rows.kind == .update ? 2 : 1))
                for row in rows.rows {
                    if let before = row.before { try writer.write(before, mapping: mapping) }
                    if let after = row.after { try writer.write(after, mapping: mapping) }
                }
                rowCount = rows.rows.count
            }
            var changes: [RowChange] = []
            let key = mapping.plan.tableKey
            let kind: RowChange.Kind  // read once, as collect does (a RowsEvent copy per read otherwise)
            switch rows.kind {
            case .insert: kind = .insert
            case .update: kind = .update
            case .delete: kind = .delete
            }
            writer.appendChanges(kind: kind, tableKey: key, count: rowCount, to: &changes)
            changes.withUnsafeBufferPointer { changes in
                for index in changes.indices {
                    totals.rowChanges += 1
                    touch(changes[index].before, &totals)
                    touch(changes[index].after, &totals)
                }
            }
        default:
            break
        }
    }
    (totals.events, totals.bytes) = (read.events, read.bytes)
    return totals
}

func decodeFile(_ path: String, verifyChecksums: Bool, endPosition: Int) throws -> Totals {
    var totals = Totals()
    var decoder = BinlogDecoder(verifyChecksums: verifyChecksums)
    let read = try forEachEvent(path, endPosition: endPosition) { event in
        if case .rows(_, let rows) = try decoder.decode(event) {
            totals.rowsEvents += 1
            totals.rowChanges += rows.rows.count
            for row in rows.rows {
                count(row.before, &totals)
                count(row.after, &totals)
            }
        }
    }
    (totals.events, totals.bytes) = (read.events, read.bytes)
    return totals
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports KiB
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: BinlogDecode <binlog file> [--runs N] [--no-checksum] [--end-pos P]")
    exit(2)
}
func option(_ name: String) -> Int? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return Int(arguments[index + 1])
}
let path = arguments[1]
let runs = option("--runs") ?? 3
let endPosition = option("--end-pos") ?? 0
/// Whether `touch` digests the values (`--digest`).
let digestValues = arguments.contains("--digest")
/// Bytes per read(2) (`--read-kib`, default 4096 KiB).
let readChunk = max(64, option("--read-kib") ?? 4096) << 10
let verify = !arguments.contains("--no-checksum")
let api = arguments.firstIndex(of: "--api").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } ?? "product"
let tablePlans = api == "values" ? [] : try plans(path, endPosition: endPosition)
switch api {
case "product":
    print("API: product (decodeCells -> BinlogTableMapping -> RowImageWriter -> RowChanges per rows event; \(tablePlans.count) tables planned)")
case "product-values":
    print("API: product-values (the product's conversion through the old MySQLValue path: RowsEvent.rows -> BinlogTableMapping.write(image) -> RowImageWriter -> RowChanges)")
case "stream":
    print("API: stream (the product path inside ChangeStreamAssembler, which keeps each transaction whole until its commit)")
case "values":
    print("API: values (old API: RowsEvent.rows, [MySQLValue?] per image, nothing converted)")
default:
    print("--api must be product, product-values, stream or values")
    exit(2)
}
var rates: [Double] = []
var cpuRates: [Double] = []
for run in 1...runs {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = cpuSeconds()
    let totals =
        switch api {
        case "product": try convertEvents(path, plans: tablePlans, verifyChecksums: verify, endPosition: endPosition)
        case "product-values":
            try convertEvents(path, plans: tablePlans, verifyChecksums: verify, endPosition: endPosition, cells: false)
        case "stream": try convertFile(path, plans: tablePlans, verifyChecksums: verify, endPosition: endPosition)
        default: try decodeFile(path, verifyChecksums: verify, endPosition: endPosition)
        }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let cpu = cpuSeconds() - cpuStart
    let rate = Double(totals.rowChanges) / seconds
    rates.append(rate)
    cpuRates.append(Double(totals.rowChanges) / cpu)
    if digestValues { print(String(format: "run %d: digest of the values %08x", run, totals.digest)) }
    print(
        String(
            format: "run %d: %d events, %d rows events, %d transactions, %d row changes, %d values (%d NULL, %.1f MB of interchange bytes), %.1f MB read in %.3f s (%.3f s CPU) -> %.0f row changes/s wall, %.0f per CPU second, peak RSS %.1f MiB",
            run, totals.events, totals.rowsEvents, totals.transactions, totals.rowChanges, totals.values, totals.nulls,
            Double(totals.valueBytes) / 1e6,
            Double(totals.bytes) / 1e6, seconds, cpu, rate, cpuRates[cpuRates.count - 1], peakRSSMiB()))
}
let sorted = rates.sorted()
let cpuSorted = cpuRates.sorted()
print(
    String(
        format: "median: %.0f row changes/s wall, %.0f per CPU second (checksums %@), peak RSS %.1f MiB",
        sorted[sorted.count / 2], cpuSorted[cpuSorted.count / 2], verify ? "verified" : "not verified", peakRSSMiB()))
