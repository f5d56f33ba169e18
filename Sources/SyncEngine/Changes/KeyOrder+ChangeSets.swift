/// Change sets in key order (issue 5 item 1): a sink that applies a set's rows in the order of the destination's key
/// index walks the index and the table in order instead of at random. A table copied by a snapshot lies in key order,
/// so neighbouring keys share pages: a PostgreSQL `MERGE` of 35,000 staged `orders` rows took about 25% less time
/// in key order than in arrival order (bench/cdc/RESULTS.md). The order is the verifier's (`KeyOrder.compare`); it is
/// only a hint: a change set holds each key once, so any order gives the same rows.
extension KeyOrder {
    /// `rows` sorted by their values at `keyIndexes`, whose columns have `types`.
    public static func sorted(_ rows: [Row], keyIndexes: [Int], types: [ColumnType]) -> [Row] {
        guard rows.count > 1, !keyIndexes.isEmpty, keyIndexes.count == types.count else { return rows }
        if keyIndexes.count == 1, types[0].isInteger, let keys = integerKeys(rows, at: keyIndexes[0]) {
            // The usual key, one integer column: plain integers sorted, then the rows gathered.
            return keys.indices.sorted { keys[$0] < keys[$1] }.map { rows[$0] }
        }
        let keys = rows.map { row in
            keyIndexes.map { index in row.withValue(at: index) { $0.map { Array($0) } } }
        }
        return keys.indices.sorted { compare(keys[$0], keys[$1], types: types) == .less }.map { rows[$0] }
    }

    /// The value at `index` of every row as an Int64; nil when one is NULL, not integer text (`-`? digits), or out
    /// of Int64's range (BIGINT UNSIGNED above 2^63-1), and the general comparison sorts the rows instead.
    static func integerKeys(_ rows: [Row], at index: Int) -> [Int64]? {
        var keys: [Int64] = []
        keys.reserveCapacity(rows.count)
        for row in rows {
            guard let key = row.withValue(at: index, { $0.flatMap(integer) }) else { return nil }
            keys.append(key)
        }
        return keys
    }

    /// Integer text (`-`? digits) as an Int64; nil for anything else or on overflow.
    static func integer(_ text: UnsafeRawBufferPointer) -> Int64? {
        let negative = text.first == UInt8(ascii: "-")
        let start = negative ? 1 : 0
        guard text.count > start, text.count - start <= 19 else { return nil }
        var magnitude: Int64 = 0
        for position in start..<text.count {
            let digit = Int64(text[position]) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            magnitude = magnitude &* 10 &+ digit
        }
        // Nineteen digits can exceed Int64.max: the product wrapped below zero.
        guard magnitude >= 0 else { return nil }
        return negative ? -magnitude : magnitude
    }
}

extension TableChangeSet {
    /// This set with its deleted keys and its upserts each in key order (`KeyOrder.sorted`); the same set for a
    /// plan without a key among its columns.
    public func sortedByKey() -> TableChangeSet {
        guard let keyIndexes = plan.keyIndexesInRow else { return self }
        let types = keyIndexes.map { plan.columns[$0].type }
        return TableChangeSet(
            plan: plan,
            deletes: KeyOrder.sorted(deletes, keyIndexes: Array(keyIndexes.indices), types: types),
            upserts: KeyOrder.sorted(upserts, keyIndexes: keyIndexes, types: types))
    }
}
