// Decodes a recorded binlog file with MySQLBinlog and reports row changes per second and peak memory.
//
// usage: BinlogDecode <binlog file> [--runs N] [--no-checksum]
// The file is read in 4 MiB chunks and pushed through BinlogEventFramer + BinlogDecoder, exactly as a
// socket would deliver it; every row image is decoded to MySQLValue. Figures are printed, never asserted.
import Foundation
import MySQLBinlog
import NIOCore

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

func decodeFile(_ path: String, verifyChecksums: Bool) throws -> Totals {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw MySQLBinlogError(.malformed, "cannot open \(path)")
    }
    defer { try? handle.close() }
    var totals = Totals()
    var decoder = BinlogDecoder(verifyChecksums: verifyChecksums)
    var pending = ByteBuffer()
    var magicSeen = false
    while true {
        let chunk = handle.readData(ofLength: 4 << 20)
        if chunk.isEmpty { break }
        totals.bytes += chunk.count
        pending.writeBytes(chunk)
        if !magicSeen {
            guard try BinlogEventFramer.readMagic(&pending) != nil else { continue }
            magicSeen = true
        }
        while let event = try BinlogEventFramer.nextEvent(&pending) {
            totals.events += 1
            if case .rows(_, let rows) = try decoder.decode(event) {
                totals.rowsEvents += 1
                totals.rowChanges += rows.rows.count
                for row in rows.rows {
                    count(row.before, &totals)
                    count(row.after, &totals)
                }
            }
        }
        pending.discardReadBytes()
    }
    return totals
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports KiB
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: BinlogDecode <binlog file> [--runs N] [--no-checksum]")
    exit(2)
}
let path = arguments[1]
var runs = 3
if let index = arguments.firstIndex(of: "--runs"), index + 1 < arguments.count, let value = Int(arguments[index + 1]) {
    runs = value
}
let verify = !arguments.contains("--no-checksum")
var rates: [Double] = []
for run in 1...runs {
    let start = DispatchTime.now().uptimeNanoseconds
    let totals = try decodeFile(path, verifyChecksums: verify)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let rate = Double(totals.rowChanges) / seconds
    rates.append(rate)
    print(
        String(
            format: "run %d: %d events, %d rows events, %d row changes, %d values (%d NULL), %.1f MB in %.3f s -> %.0f row changes/s, %.1f MB/s, peak RSS %.1f MiB",
            run, totals.events, totals.rowsEvents, totals.rowChanges, totals.values, totals.nulls,
            Double(totals.bytes) / 1e6, seconds, rate, Double(totals.bytes) / 1e6 / seconds, peakRSSMiB()))
}
let sorted = rates.sorted()
print(String(format: "median: %.0f row changes/s (checksums %@), peak RSS %.1f MiB", sorted[sorted.count / 2], verify ? "verified" : "not verified", peakRSSMiB()))
