import NIOCore
import Testing

@testable import MySQLWire

struct MySQLPacketDecoderTests {
    private func frames(_ payloads: [(UInt8, [UInt8])]) -> ByteBuffer {
        var out = ByteBuffer()
        for (sequence, payload) in payloads {
            MySQLPacketEncoder.encode(payload: ByteBuffer(bytes: payload), sequenceID: sequence, into: &out)
        }
        return out
    }

    private func decodeAll(_ input: ByteBuffer, chunkSizes: (Int) -> Int) throws -> [MySQLPacket] {
        var pending = ByteBuffer()
        var remaining = input
        var packets: [MySQLPacket] = []
        let decoder = MySQLPacketDecoder()
        while remaining.readableBytes > 0 {
            let size = min(chunkSizes(remaining.readableBytes), remaining.readableBytes)
            guard var chunk = remaining.readSlice(length: size) else { break }
            pending.writeBuffer(&chunk)
            while true {
                let before = pending.readerIndex
                guard let packet = try decoder.decodePacket(from: &pending) else {
                    #expect(pending.readerIndex == before)
                    break
                }
                packets.append(packet)
            }
        }
        #expect(pending.readableBytes == 0)
        return packets
    }

    @Test func dripFeedOneByteAtATimeYieldsTheSamePackets() throws {
        let input = frames([(0, [1, 2, 3]), (1, []), (2, Array(repeating: 7, count: 300))])
        let packets = try decodeAll(input) { _ in 1 }
        #expect(packets.map(\.sequenceID) == [0, 1, 2])
        #expect(packets.map(\.payload.readableBytes) == [3, 0, 300])
    }

    @Test func splitAtEveryOffsetYieldsTheSamePackets() throws {
        let input = frames([(3, [0x00, 0, 0, 2, 0, 0, 0]), (4, Array("hello".utf8)), (5, [0xFE, 0, 0, 2, 0])])
        let whole = try decodeAll(input) { $0 }
        for split in 1..<input.readableBytes {
            var first = true
            let packets = try decodeAll(input) { remaining in
                defer { first = false }
                return first ? split : remaining
            }
            #expect(packets == whole, "split at \(split)")
        }
    }

    @Test func reassemblesContinuationFramesOfSixteenMiBAndMore() throws {
        let size = MySQLPacketDecoder.maxFramePayload * 2 + 10
        var payload = ByteBuffer(repeating: 0x5A, count: size)
        for offset in [0, MySQLPacketDecoder.maxFramePayload - 1, MySQLPacketDecoder.maxFramePayload, size - 1] {
            payload.setInteger(UInt8(truncatingIfNeeded: offset % 251), at: offset)
        }
        var wire = ByteBuffer()
        let last = MySQLPacketEncoder.encode(payload: payload, sequenceID: 250, into: &wire)
        #expect(last == 252)
        #expect(wire.readableBytes == size + 3 * 4)
        let packets = try decodeAll(wire) { _ in 4_000_037 }
        #expect(packets.count == 1)
        #expect(packets.first?.payload == payload)
        #expect(packets.first?.sequenceID == 250)
        #expect(packets.first?.lastSequenceID == 252)
    }

    @Test func exactMultipleOfTheFrameSizeEndsWithAnEmptyFrame() throws {
        let payload = ByteBuffer(repeating: 9, count: MySQLPacketDecoder.maxFramePayload)
        var wire = ByteBuffer()
        MySQLPacketEncoder.encode(payload: payload, sequenceID: 0, into: &wire)
        #expect(wire.readableBytes == payload.readableBytes + 8)
        var input = wire
        let packet = try MySQLPacketDecoder().decodePacket(from: &input)
        #expect(packet?.payload.readableBytes == MySQLPacketDecoder.maxFramePayload)
        #expect(input.readableBytes == 0)
    }

    @Test func continuationWithWrongSequenceIDThrows() {
        var wire = ByteBuffer()
        wire.writeBytes([0xFF, 0xFF, 0xFF, 0])
        wire.writeRepeatingByte(1, count: MySQLPacketDecoder.maxFramePayload)
        wire.writeBytes([1, 0, 0, 5, 42])
        #expect(throws: MySQLWireError.self) { try MySQLPacketDecoder().decodePacket(from: &wire) }
    }
}
