// libFuzzer entry point: the input is a stream of binlog events. They are framed and decoded, row images both to
// MySQLValues and to RowImageCells (deferRowImages + decodeCells), by decoders that already hold the
// FORMAT_DESCRIPTION and TABLE_MAPs of Tests/MySQLBinlogTests/Fixtures/types.bin (path in BINLOG_FUZZ_PRELUDE,
// default relative to FuzzTesting/), so mutated rows events reach the value decoders. Any result or
// MySQLBinlogError is fine; a crash, hang or sanitizer report is a finding.
import Foundation
import MySQLBinlog
import NIOCore

let prelude: BinlogDecoder = {
    var decoder = BinlogDecoder(verifyChecksums: false)
    let path = ProcessInfo.processInfo.environment["BINLOG_FUZZ_PRELUDE"]
        ?? "../Tests/MySQLBinlogTests/Fixtures/types.bin"
    guard let data = FileManager.default.contents(atPath: path) else { return decoder }
    var buffer = ByteBuffer(bytes: data)
    _ = try? BinlogEventFramer.readMagic(&buffer)
    while let event = try? BinlogEventFramer.nextEvent(&buffer) {
        guard let decoded = try? decoder.decode(event) else { continue }
        if case .rows = decoded { break }
    }
    return decoder
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    var buffer = ByteBuffer(bytes: UnsafeBufferPointer(start: start, count: count))
    var decoder = prelude
    // The same events through the allocation-free path: row images left undecoded, then RowsEvent.decodeCells()
    // and every cell's MySQLValue.
    var deferred = prelude
    deferred.deferRowImages = true
    while true {
        guard let event = try? BinlogEventFramer.nextEvent(&buffer) else { break }
        _ = try? decoder.decode(event)
        if case .rows(_, let rows)? = try? deferred.decode(event), let cells = try? rows.decodeCells() {
            for image in 0..<cells.imageCount {
                for column in 0..<cells.columnCount { _ = try? cells.value(image: image, column: column) }
            }
        }
    }
    _ = try? JSONBinary.decode(ByteBuffer(bytes: UnsafeBufferPointer(start: start, count: count)))
    return 0
}

// SwiftPM links executables with `main` aliased to `<module>_main`; with -parse-as-library there is none, so
// define it and hand control to libFuzzer's driver (LLVMFuzzerRunDriver, libFuzzer >= 11).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("BinlogFuzz_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzz(data, size) }
}
