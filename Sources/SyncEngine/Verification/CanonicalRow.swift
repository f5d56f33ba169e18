/// A row in canonical form (`CanonicalValue`) with its key tuple and hash: what the verifier's merge compares
/// (issue 4 item 6).
struct CanonicalRow: Sendable, Hashable {
    /// Canonical values in plan column order.
    var values: [[UInt8]?]
    /// The key columns' canonical values in key order (empty for a keyless table).
    var key: [[UInt8]?]
    /// `RowHash.hash(values)`.
    var hash: UInt64
}

/// Turns interchange rows of one plan into canonical rows. Both sides use the source column types: destination
/// columns are parallel to `plan.columns`.
struct RowCanonicalizer: Sendable {
    /// Column types in row order.
    let types: [ColumnType]
    /// Key column positions in the row, in key order (empty: no usable key).
    let keyIndexes: [Int]
    /// The key columns' types, in key order.
    let keyTypes: [ColumnType]
    /// The normalisation options.
    let options: CanonicalOptions

    /// A canonicalizer for `plan`.
    init(plan: TablePlan, options: CanonicalOptions) {
        types = plan.columns.map(\.type)
        keyIndexes = plan.keyIndexesInRow ?? []
        keyTypes = keyIndexes.map { plan.columns[$0].type }
        self.options = options
    }

    /// The canonical form of `row`; values the row lacks count as NULL.
    func canonical(_ row: Row) -> CanonicalRow {
        var values: [[UInt8]?] = []
        values.reserveCapacity(types.count)
        for (position, type) in types.enumerated() {
            let value = row[position]
            values.append(CanonicalValue.canonical(value, type: type, options: options))
        }
        let key = keyIndexes.map { values[$0] }
        return CanonicalRow(values: values, key: key, hash: RowHash.hash(values))
    }
}
