/// The pure accumulator of a table verification (issue 4 item 6): fed the outcome of every merge step in key order,
/// it counts missing, extra and different rows, keeps per-chunk counts and hash sums for both sides, and records
/// the differing chunks and a sample of differing keys. Memory is constant: one open chunk and bounded lists.
struct VerificationMerge {
    private var result: TableVerification
    private let keyTypes: [ColumnType]
    private let chunkRows: Int
    private var chunk = ChunkTally()
    private var sourceSum: UInt64 = 0
    private var destinationSum: UInt64 = 0

    /// Starts a verification of `plan` by `method`; chunks close after `chunkRows` rows of either side.
    init(plan: TablePlan, keyTypes: [ColumnType], method: TableVerification.Method, chunkRows: Int) {
        result = TableVerification(source: plan.source.name, destination: plan.destination, method: method)
        self.keyTypes = keyTypes
        self.chunkRows = max(1, chunkRows)
    }

    /// A source row whose key the destination lacks (or, for a keyless table, any source row).
    mutating func sourceOnly(_ row: CanonicalRow) {
        countSource(row)
        guard result.method == .keyed else { return }
        result.missing += 1
        chunk.missing += 1
        sample(row.key, .missing)
        stepDone(row.key)
    }

    /// A destination row whose key the source lacks (or, for a keyless table, any destination row).
    mutating func destinationOnly(_ row: CanonicalRow) {
        countDestination(row)
        guard result.method == .keyed else { return }
        result.extra += 1
        chunk.extra += 1
        sample(row.key, .extra)
        stepDone(row.key)
    }

    /// A source and a destination row with equal keys.
    mutating func matched(_ source: CanonicalRow, _ destination: CanonicalRow) {
        countSource(source)
        countDestination(destination)
        if source.hash != destination.hash || source.values != destination.values {
            result.different += 1
            chunk.different += 1
            sample(source.key, .different)
        }
        stepDone(source.key)
    }

    /// The result, once both sides are exhausted.
    mutating func finish() -> TableVerification {
        if result.method == .keyed { closeChunk() }
        result.sourceChecksum = RowHash.hex(sourceSum)
        result.destinationChecksum = RowHash.hex(destinationSum)
        return result
    }

    private mutating func countSource(_ row: CanonicalRow) {
        result.sourceRows += 1
        sourceSum &+= row.hash
        chunk.sourceRows += 1
        chunk.sourceHash &+= row.hash
    }

    private mutating func countDestination(_ row: CanonicalRow) {
        result.destinationRows += 1
        destinationSum &+= row.hash
        chunk.destinationRows += 1
        chunk.destinationHash &+= row.hash
    }

    private mutating func sample(_ key: [[UInt8]?], _ kind: KeyDifference.Kind) {
        guard result.sampleKeys.count < TableVerification.maximumSampleKeys else { return }
        result.sampleKeys.append(KeyDifference(key: KeyText.render(key, types: keyTypes), kind: kind))
    }

    private mutating func stepDone(_ key: [[UInt8]?]) {
        if chunk.firstKey == nil { chunk.firstKey = key }
        chunk.lastKey = key
        if chunk.sourceRows >= chunkRows || chunk.destinationRows >= chunkRows { closeChunk() }
    }

    private mutating func closeChunk() {
        defer { chunk = ChunkTally() }
        guard chunk.differs else { return }
        result.differingRangeCount += 1
        guard result.differingRanges.count < TableVerification.maximumRanges else { return }
        result.differingRanges.append(
            KeyRangeDiff(
                firstKey: chunk.firstKey.map { KeyText.render($0, types: keyTypes) } ?? "",
                lastKey: chunk.lastKey.map { KeyText.render($0, types: keyTypes) } ?? "",
                sourceRows: chunk.sourceRows, destinationRows: chunk.destinationRows, missing: chunk.missing,
                extra: chunk.extra, different: chunk.different))
    }
}

/// One open chunk of a verification: its key bounds, and counts and hash sums per side.
private struct ChunkTally {
    var firstKey: [[UInt8]?]?
    var lastKey: [[UInt8]?]?
    var sourceRows: Int64 = 0
    var destinationRows: Int64 = 0
    var sourceHash: UInt64 = 0
    var destinationHash: UInt64 = 0
    var missing: Int64 = 0
    var extra: Int64 = 0
    var different: Int64 = 0

    /// Whether the sides differ in this chunk (by checksum or by any counted difference).
    var differs: Bool {
        sourceRows != destinationRows || sourceHash != destinationHash || missing + extra + different > 0
    }
}
