import CCRC32
import Testing

@testable import MySQLBinlog
import TideTestSupport

/// The carry-less multiplication fold of `CRC32.update(_:raw:)` (CCRC32) against the byte-at-a-time table loop.
@Suite struct CRC32FoldTests {
    /// A deterministic generator (SplitMix64), so a failure names a reproducible case.
    typealias SplitMix = DecoderPropertyTests.SeededGenerator

    @Test func foldIsAvailableOnThisMachine() {
        // The benchmark machine has PCLMULQDQ; a CPU without it takes the table loop, which the other tests cover.
        #if arch(x86_64)
        #expect(CRC32.canFold)
        #endif
    }

    @Test func everyLengthUpTo4096AtRandomAlignmentsMatchesTheByteLoop() {
        var random = SplitMix(state: 42)
        let storage = (0..<(4096 + 64)).map { _ in UInt8.random(in: 0...255, using: &random) }
        storage.withUnsafeBytes { all in
            for length in 0...4096 {
                let offset = Int.random(in: 0..<64, using: &random)
                let start = UInt32.random(in: 0...UInt32.max, using: &random)
                let bytes = UnsafeRawBufferPointer(rebasing: all[offset..<(offset + length)])
                let expected = CRC32.update(start, Array(bytes))
                let actual = CRC32.update(start, raw: bytes)
                #expect(actual == expected, "length \(length), offset \(offset), start \(start)")
                if actual != expected { return }
            }
        }
    }

    @Test func largeInputsMatchTheByteLoop() {
        var random = SplitMix(state: 7)
        for length in [65_536, 1_048_576 + 13, 3_000_001] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let actual = bytes.withUnsafeBytes { CRC32.update(0, raw: $0) }
            #expect(actual == CRC32.update(0, bytes), "length \(length)")
        }
    }

    @Test func knownCheckValues() {
        // CRC-32/ISO-HDLC check value, and zlib's crc32 of 64 and 1000 zero bytes (long enough to fold).
        #expect(CRC32.update(0, raw: UnsafeRawBufferPointer(start: nil, count: 0)) == 0)
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32.update(0, raw: $0) } == 0xCBF4_3926)
        #expect([UInt8](repeating: 0, count: 64).withUnsafeBytes { CRC32.update(0, raw: $0) } == 0x758D_6336)
        #expect([UInt8](repeating: 0, count: 1000).withUnsafeBytes { CRC32.update(0, raw: $0) } == 0x060B_1780)
    }

    @Test func foldedBlockHasTheRegisterOfItsInput() throws {
        guard CRC32.canFold else { return }
        var random = SplitMix(state: 3)
        for length in stride(from: 64, through: 1024, by: 16) {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let state = UInt32.random(in: 0...UInt32.max, using: &random)
            var block = [UInt8](repeating: 0, count: 16)
            bytes.withUnsafeBufferPointer { input in
                block.withUnsafeMutableBufferPointer { out in
                    guard let source = input.baseAddress, let target = out.baseAddress else { return }
                    tide_crc32_fold(state, source, length, target)
                }
            }
            let folded = block.withUnsafeBytes { CRC32.tableUpdate(0, raw: $0) }
            let direct = bytes.withUnsafeBytes { CRC32.tableUpdate(state, raw: $0) }
            #expect(folded == direct, "length \(length)")
        }
    }
}
