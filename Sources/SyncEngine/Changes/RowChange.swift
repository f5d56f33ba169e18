/// One row change of a committed source transaction, for one planned table, in the interchange form of `Row`
/// (issue 5 item 1). Images hold the plan's `columns` in order; for a source with full row images
/// (`binlog_row_image=FULL`) every planned column is present.
public struct RowChange: Sendable, Hashable {
    /// What the change did.
    public enum Kind: String, Sendable, Hashable, Codable {
        case insert, update, delete
    }

    /// Insert, update or delete.
    public var kind: Kind
    /// `TablePlan.tableKey` of the table changed.
    public var tableKey: String
    /// The row before the change (update, delete).
    public var before: Row?
    /// The row after the change (insert, update).
    public var after: Row?

    /// Creates a change.
    public init(kind: Kind, tableKey: String, before: Row?, after: Row?) {
        self.kind = kind
        self.tableKey = tableKey
        self.before = before
        self.after = after
    }

    /// Approximate payload bytes, for batch sizing and MB/s figures.
    public var byteCount: Int { (before?.byteCount ?? 0) + (after?.byteCount ?? 0) }
}

/// A committed source transaction: its row changes on planned tables (possibly none: a transaction on other tables
/// still moves the restart point) and where the stream restarts after it.
public struct SourceTransaction: Sendable {
    /// Row changes in source order.
    public var changes: [RowChange]
    /// The restart point after this transaction, opaque to the engine (the source connector's encoding).
    public var position: String
    /// Commit time on the source, seconds since the epoch (0 when unknown).
    public var commitTimestamp: UInt32

    /// Creates a transaction.
    public init(changes: [RowChange], position: String, commitTimestamp: UInt32) {
        self.changes = changes
        self.position = position
        self.commitTimestamp = commitTimestamp
    }
}

/// A DDL statement the source committed on a planned table (or, for CREATE TABLE, on a database the task covers).
public struct SchemaChange: Sendable, Hashable {
    /// What kind of DDL it is.
    public enum Kind: String, Sendable, Hashable, Codable {
        case createTable, dropTable, renameTable, truncateTable
        case addColumn, dropColumn, modifyColumn, renameColumn
        case other
    }

    /// The kind.
    public var kind: Kind
    /// The source table, `database.table`.
    public var table: TableName
    /// The statement as the source logged it (shown in a Critical failure; never contains secrets).
    public var statement: String
    /// The restart point after the DDL.
    public var position: String
    /// Commit time on the source, seconds since the epoch.
    public var commitTimestamp: UInt32

    /// Creates a schema change.
    public init(kind: Kind, table: TableName, statement: String, position: String, commitTimestamp: UInt32) {
        self.kind = kind
        self.table = table
        self.statement = statement
        self.position = position
        self.commitTimestamp = commitTimestamp
    }
}

/// What a change source hands on, in source order.
public enum ChangeStreamEvent: Sendable {
    /// A whole committed transaction.
    case transaction(SourceTransaction)
    /// A DDL statement on a planned table, committed on its own (MySQL DDL is never inside a transaction).
    case schemaChange(SchemaChange)
    /// The source is alive and has nothing newer than `timestamp` (binlog heartbeat or an idle stream); lets lag
    /// fall to zero while the source is idle.
    case heartbeat(timestamp: UInt32)
}
