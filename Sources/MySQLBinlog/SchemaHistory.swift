/// Table schemas over time, keyed by the binlog position where each version took effect, so that rows read
/// from any checkpoint decode with the schema that applied when they were written (STYLE rule 7; Debezium
/// `SchemaHistory`). Pure and Codable: the I/O side persists it next to checkpoints.
public struct SchemaHistory: Hashable, Sendable, Codable {
    /// A table identity.
    public struct TableName: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
        public var database: String
        public var table: String

        /// The memberwise initialiser.
        public init(database: String, table: String) {
            self.database = database
            self.table = table
        }

        public static func < (lhs: TableName, rhs: TableName) -> Bool {
            (lhs.database, lhs.table) < (rhs.database, rhs.table)
        }

        public var description: String { "\(database).\(table)" }
    }

    /// One version: the schema (nil = dropped) from `position` on.
    public struct Version: Hashable, Sendable, Codable {
        public var position: BinlogPosition
        public var schema: TableSchema?
    }

    /// Versions per table, sorted by position.
    public private(set) var versions: [TableName: [Version]] = [:]

    /// An empty history.
    public init() {}

    /// Records that from `position` on, `table` has `schema` (nil after a DROP). Versions recorded out of
    /// order are inserted in position order; a second version at the same position replaces the first.
    public mutating func record(_ schema: TableSchema?, for table: TableName, at position: BinlogPosition) {
        var list = versions[table] ?? []
        let version = Version(position: position, schema: schema)
        if let index = list.firstIndex(where: { $0.position == position }) {
            list[index] = version
        } else {
            let index = list.firstIndex { position < $0.position } ?? list.count
            list.insert(version, at: index)
        }
        versions[table] = list
    }

    /// Records a RENAME: the old name is dropped and the new one gets the old schema (renamed) at `position`.
    public mutating func rename(_ old: TableName, to new: TableName, at position: BinlogPosition) {
        var schema = self.schema(for: old, at: position)
        schema?.database = new.database
        schema?.table = new.table
        record(nil, for: old, at: position)
        record(schema, for: new, at: position)
    }

    /// The schema that applied to `table` at `position` (the latest version at or before it).
    public func schema(for table: TableName, at position: BinlogPosition) -> TableSchema? {
        guard let list = versions[table] else { return nil }
        var found: TableSchema?
        for version in list {
            if position < version.position { break }
            found = version.schema
        }
        return found
    }

    /// Drops versions that no checkpoint can need any more: for each table, everything before the last
    /// version at or before `position` (that one stays, it applies at `position`).
    public mutating func prune(before position: BinlogPosition) {
        for (table, list) in versions {
            guard let keep = list.lastIndex(where: { !(position < $0.position) }) else { continue }
            versions[table] = Array(list[keep...])
        }
    }
}
