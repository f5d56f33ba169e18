import Foundation
import Synchronization

/// Remembers the JSON bytes of recently encoded list items (a DRS `JobInfo`, a ListDIJobs row) so that a list page
/// does not run `JSONEncoder` over the same items on every request (encoding was the largest part of a list
/// request's CPU time after the store).
///
/// An item's bytes are reused only when the item value is equal to the value they were encoded from, so a reply
/// is always exactly what `JSONEncoder` would write for the current value: nothing can be stale. Bounded: it
/// empties itself when full.
final class JSONFragmentCache<Value: Encodable & Equatable & Sendable>: Sendable {
    private struct Entry: Sendable {
        var value: Value
        var bytes: [UInt8]
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    /// A cache holding at most `capacity` items.
    init(capacity: Int = 2048) {
        self.capacity = capacity
    }

    /// The JSON of `value` (an object, as `APIResponder` encodes it: sorted keys, slashes unescaped), for the item
    /// named `key`.
    func bytes(for value: Value, key: String) throws -> [UInt8] {
        if let entry = entries.withLock({ $0[key] }), entry.value == value { return entry.bytes }
        let bytes = Array(try JSONWriting.encoder().encode(value))
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(value: value, bytes: bytes)
        }
        return bytes
    }

    /// How many items are remembered (for tests).
    var count: Int { entries.withLock { $0.count } }
}

/// A reply body that writes its own JSON, byte-identical to `JSONWriting.encoder()`'s encoding of it.
protocol PreEncodedJSON: Encodable, Sendable {
    /// The JSON bytes of the body.
    func encodedJSON() throws -> [UInt8]
}

/// The one JSON output format of the API, and helpers to splice pre-encoded parts in that format.
enum JSONWriting {
    /// The encoder of every reply: sorted keys (stable output), `/` not escaped.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` encoded as a JSON scalar or string, in the reply format.
    static func scalar(_ value: some Encodable) throws -> [UInt8] {
        Array(try encoder().encode(value))
    }

    /// `[a,b,...]` of already encoded elements.
    static func array(_ elements: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(elements.reduce(2) { $0 + $1.count + 1 })
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += element
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// `{"k1":v1,"k2":v2}` of already encoded values; `members` must already be in sorted key order.
    static func object(_ members: [(key: String, value: [UInt8])]) throws -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (index, member) in members.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += try scalar(member.key)
            out.append(UInt8(ascii: ":"))
            out += member.value
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
