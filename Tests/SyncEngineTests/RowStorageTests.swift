import NIOCore
import Testing

@testable import SyncEngine

/// `Row` over shared storage: values located by spans read the same whichever way they are read, rows with equal
/// values are equal and hash alike whatever buffer they lie in, and spans outside the storage read as NULL.
struct RowStorageTests {
    static let values: [ByteBuffer?] = [
        ByteBuffer(string: "42"), nil, ByteBuffer(string: ""), ByteBuffer(bytes: [0, 1, 0xFF]),
        ByteBuffer(string: String(repeating: "é", count: 200)),
    ]

    @Test func everyAccessorReadsTheSameValues() {
        let row = Row(values: Self.values)
        #expect(row.count == 5)
        #expect(row.values == Self.values)
        for (index, expected) in Self.values.enumerated() {
            #expect(row[index] == expected)
            #expect(row.isNull(at: index) == (expected == nil))
            let bytes = row.withValue(at: index) { $0.map { Array($0) } }
            #expect(bytes == expected.map { Array($0.readableBytesView) })
        }
        var seen: [[UInt8]?] = []
        row.forEachValue { index, value in
            #expect(index == seen.count)
            seen.append(value.map { Array($0) })
        }
        #expect(seen == Self.values.map { $0.map { Array($0.readableBytesView) } })
        #expect(row.byteCount == Self.values.reduce(0) { $0 + ($1?.readableBytes ?? 0) })
        #expect(row[5] == nil && row[-1] == nil && row.isNull(at: 9))
    }

    @Test func rowsSharingOneBufferAndSpanArrayReadTheirOwnValues() {
        var storage = ByteBuffer()
        storage.writeString("junk")
        storage.moveReaderIndex(forwardBy: 4)  // offsets count from the reader index
        storage.writeString("1abc2de")
        let spans: [ValueSpan] = [
            ValueSpan(offset: 0, length: 1), ValueSpan(offset: 1, length: 3), ValueSpan(offset: 4, length: 1), .null,
        ]
        let first = Row(storage: storage, spans: spans[0..<2])
        let second = Row(storage: storage, spans: spans[2..<4])
        #expect(first == Row(values: [ByteBuffer(string: "1"), ByteBuffer(string: "abc")]))
        #expect(second == Row(values: [ByteBuffer(string: "2"), nil]))
        #expect(second.values == [ByteBuffer(string: "2"), nil])
        #expect(first.projected([1, 0, 7]) == Row(values: [ByteBuffer(string: "abc"), ByteBuffer(string: "1"), nil]))
    }

    @Test func equalValuesAreEqualAndHashAlikeInAnyStorage() {
        var storage = ByteBuffer(string: "xx42yy")
        storage.moveReaderIndex(forwardBy: 1)
        let shared = Row(storage: storage, spans: [ValueSpan(offset: 1, length: 2), .null][...])
        let copied = Row(values: [ByteBuffer(string: "42"), nil])
        #expect(shared == copied)
        #expect(shared.hashValue == copied.hashValue)
        #expect(shared != Row(values: [ByteBuffer(string: "42"), ByteBuffer(string: "")]), "NULL is not empty")
        #expect(shared != Row(values: [ByteBuffer(string: "42")]))
        #expect(Set([shared, copied]).count == 1)
    }

    @Test func aSpanOutsideTheStorageReadsAsNull() {
        let row = Row(storage: ByteBuffer(string: "abc"), spans: [ValueSpan(offset: 2, length: 5)][...])
        #expect(row[0] == nil)
        #expect(row.withValue(at: 0) { $0 == nil })
        row.forEachValue { _, value in #expect(value == nil) }
    }
}
