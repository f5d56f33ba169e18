import NIOCore

/// Splits source transactions by key for key-partitioned apply (`StreamJob.partitions` > 1; DIJob
/// `runtime.realtime.concurrent`): every change of one key goes to the same partition, so each partition applies
/// its keys' changes in source order. A table that may not be split (`ChangeSink.allowsKeyPartitioning`) goes
/// whole to one partition. An update that changes the key becomes a delete of the old key in its partition and an
/// insert of the new one in its own. The hash (FNV-1a over the table and the key bytes) does not depend on the
/// process, so a key's partition is the same after a restart.
public struct KeyPartitioner: Sendable {
    /// Number of partitions.
    public let count: Int
    private let splittable: Set<String>
    private let keyIndexes: [String: [Int]]

    /// A partitioner over `count` partitions for `plans`; only tables in `splittable` (table keys) are split by key.
    public init(count: Int, plans: [TablePlan], splittable: Set<String>) {
        self.count = max(1, count)
        self.splittable = splittable
        var keys: [String: [Int]] = [:]
        for plan in plans { keys[plan.tableKey] = plan.keyIndexesInRow }
        keyIndexes = keys
    }

    /// The changes of `transaction` for each partition, in source order within each.
    public func split(_ transaction: SourceTransaction) -> [[RowChange]] {
        var parts = Array(repeating: [RowChange](), count: count)
        guard count > 1 else {
            parts[0] = transaction.changes
            return parts
        }
        for change in transaction.changes {
            guard splittable.contains(change.tableKey), let keys = keyIndexes[change.tableKey] else {
                parts[partition(ofTable: change.tableKey)].append(change)
                continue
            }
            switch change.kind {
            case .insert:
                parts[partition(change.tableKey, change.after, keys)].append(change)
            case .delete:
                parts[partition(change.tableKey, change.before, keys)].append(change)
            case .update:
                let old = partition(change.tableKey, change.before, keys)
                let new = partition(change.tableKey, change.after, keys)
                if old == new {
                    parts[new].append(change)
                } else {
                    parts[old].append(RowChange(kind: .delete, tableKey: change.tableKey, before: change.before, after: nil))
                    parts[new].append(RowChange(kind: .insert, tableKey: change.tableKey, before: nil, after: change.after))
                }
            }
        }
        return parts
    }

    /// The partition of a table that is not split.
    func partition(ofTable tableKey: String) -> Int {
        var hash = FNV1a()
        hash.add(tableKey.utf8)
        return hash.bucket(count)
    }

    /// The partition of a row's key; an image without the key (refused later by the compactor) goes with its table.
    private func partition(_ tableKey: String, _ row: Row?, _ keys: [Int]) -> Int {
        guard let row, keys.allSatisfy({ $0 < row.count }) else { return partition(ofTable: tableKey) }
        var hash = FNV1a()
        hash.add(tableKey.utf8)
        for index in keys {
            row.withValue(at: index) { value in
                if let value {
                    hash.add(UInt8(1))
                    hash.add(UInt64(value.count))
                    hash.add(value)
                } else {
                    hash.add(UInt8(0))
                }
            }
        }
        return hash.bucket(count)
    }
}

/// 64-bit FNV-1a: a fixed, process-independent hash.
private struct FNV1a {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { add(byte) }
    }

    func bucket(_ count: Int) -> Int { Int(state % UInt64(max(1, count))) }
}
