// Decodes a recorded binlog file with MySQLBinlog and reports row changes per second and peak memory.
//
// usage: BinlogDecode <binlog file> [--runs N] [--no-checksum] [--end-pos P]
// The file is read in 4 MiB chunks straight into a ByteBuffer and pushed through BinlogEventFramer +
// BinlogDecoder, exactly as a socket would deliver it; every row image is decoded to MySQLValue. With
// --end-pos, decoding stops after the event that ends at or before P (the same cut as binlog-decode.py).
// Both wall-clock and CPU-time rates are printed: on a shared machine the CPU-time rate is the one-core figure.
// Figures are printed, never asserted.
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

func decodeFile(_ path: String, verifyChecksums: Bool, endPosition: Int) throws -> Totals {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw MySQLBinlogError(.malformed, "cannot open \(path)") }
    defer { close(fd) }
    var totals = Totals()
    var decoder = BinlogDecoder(verifyChecksums: verifyChecksums)
    var pending = ByteBuffer()
    var magicSeen = false
    var position = 0  // file offset of the next event
    reading: while true {
        pending.reserveCapacity(minimumWritableBytes: 4 << 20)
        let readCount = pending.writeWithUnsafeMutableBytes(minimumWritableBytes: 4 << 20) { target in
            max(0, read(fd, target.baseAddress, target.count))
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
let verify = !arguments.contains("--no-checksum")
var rates: [Double] = []
var cpuRates: [Double] = []
for run in 1...runs {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = cpuSeconds()
    let totals = try decodeFile(path, verifyChecksums: verify, endPosition: endPosition)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let cpu = cpuSeconds() - cpuStart
    let rate = Double(totals.rowChanges) / seconds
    rates.append(rate)
    cpuRates.append(Double(totals.rowChanges) / cpu)
    print(
        String(
            format: "run %d: %d events, %d rows events, %d row changes, %d values (%d NULL), %.1f MB read in %.3f s (%.3f s CPU) -> %.0f row changes/s wall, %.0f per CPU second, peak RSS %.1f MiB",
            run, totals.events, totals.rowsEvents, totals.rowChanges, totals.values, totals.nulls,
            Double(totals.bytes) / 1e6, seconds, cpu, rate, cpuRates[cpuRates.count - 1], peakRSSMiB()))
}
let sorted = rates.sorted()
let cpuSorted = cpuRates.sorted()
print(
    String(
        format: "median: %.0f row changes/s wall, %.0f per CPU second (checksums %@), peak RSS %.1f MiB",
        sorted[sorted.count / 2], cpuSorted[cpuSorted.count / 2], verify ? "verified" : "not verified", peakRSSMiB()))
