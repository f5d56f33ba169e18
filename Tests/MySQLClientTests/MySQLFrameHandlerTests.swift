import MySQLWire
import NIOCore
import NIOEmbedded
import Testing

@testable import MySQLClient

/// `MySQLFrameHandler`: packets out of arbitrarily split reads, all those of one read in one message.
@Suite struct MySQLFrameHandlerTests {
    private static func frame(_ payload: [UInt8], sequence: UInt8) -> [UInt8] {
        let length = payload.count
        return [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), sequence] + payload
    }

    /// Feeds `reads` and returns the messages the handler fired, as payload byte arrays.
    private static func messages(_ reads: [[UInt8]]) throws -> [[[UInt8]]] {
        let channel = EmbeddedChannel(handler: MySQLFrameHandler())
        var result: [[[UInt8]]] = []
        for read in reads {
            try channel.writeInbound(ByteBuffer(bytes: read))
            while let packets = try channel.readInbound(as: [MySQLPacket].self) {
                result.append(packets.map { Array($0.payload.readableBytesView) })
            }
        }
        _ = try channel.finish()
        return result
    }

    @Test func everySplitGivesThePacketsInOrderOneMessagePerRead() throws {
        let payloads: [[UInt8]] = [[1, 2, 3], [], Array(repeating: 7, count: 300), [0xFB]]
        var wire: [UInt8] = []
        for (index, payload) in payloads.enumerated() { wire += Self.frame(payload, sequence: UInt8(index)) }
        for split in 0...wire.count {
            let messages = try Self.messages([Array(wire[..<split]), Array(wire[split...])])
            #expect(messages.count <= 2)
            #expect(messages.flatMap { $0 } == payloads, "split at \(split)")
        }
        // One read holding everything: one message.
        #expect(try Self.messages([wire]).count == 1)
    }

    @Test func aMultiFramePacketArrivingInSmallReadsComesOutWhole() throws {
        let first = Array(repeating: UInt8(5), count: MySQLPacketDecoder.maxFramePayload)
        let wire = Self.frame(first, sequence: 0) + Self.frame([6, 6], sequence: 1) + Self.frame([9], sequence: 2)
        var reads: [[UInt8]] = []
        var offset = 0
        while offset < wire.count {
            reads.append(Array(wire[offset..<min(offset + 65_536, wire.count)]))
            offset += 65_536
        }
        let messages = try Self.messages(reads)
        let payloads = messages.flatMap { $0 }
        #expect(payloads.count == 2)
        #expect(payloads.first == first + [6, 6])
        #expect(payloads.last == [9])
    }

    @Test func randomPacketsInRandomReadsComeOutExactlyOnceInOrder() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var payloads: [[UInt8]] = []
            var wire: [UInt8] = []
            for index in 0..<200 {
                let size = [0, 1, 7, 250, 4_000, 70_000].randomElement(using: &generator) ?? 1
                let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &+ index) }
                payloads.append(payload)
                wire += Self.frame(payload, sequence: UInt8(truncatingIfNeeded: index))
            }
            var reads: [[UInt8]] = []
            var offset = 0
            while offset < wire.count {
                let size = [1, 3, 4, 5, 100, 8_192, 65_536].randomElement(using: &generator) ?? 1
                reads.append(Array(wire[offset..<min(offset + size, wire.count)]))
                offset += size
            }
            #expect(try Self.messages(reads).flatMap { $0 } == payloads)
        }
    }

    @Test func aWrongContinuationSequenceIsAnError() throws {
        let wire = Self.frame(Array(repeating: 1, count: MySQLPacketDecoder.maxFramePayload), sequence: 0)
            + Self.frame([2], sequence: 5)
        let channel = EmbeddedChannel(handler: MySQLFrameHandler())
        #expect(throws: MySQLWireError.self) { try channel.writeInbound(ByteBuffer(bytes: wire)) }
        _ = try? channel.finish()
    }
}
