import MySQLWire
import NIOCore

/// A row of a text result set with its columns.
public struct MySQLRow: Sendable, Hashable {
    /// The result set's columns.
    public var columns: [ColumnDefinition41]
    /// The raw values (nil = NULL).
    public var row: TextResultRow

    /// The value of the column named `name` as text (nil for NULL or no such column).
    public subscript(_ name: String) -> String? {
        guard let index = columns.firstIndex(where: { $0.name == name }) else { return nil }
        return row.string(at: index)
    }

    /// The value of column `index` as text.
    public subscript(_ index: Int) -> String? { row.string(at: index) }
}

extension MySQLConnection {
    /// Runs `sql` and returns its rows as they arrive. Rows are read from the socket only as fast as the
    /// sequence is consumed. Abandoning the sequence part-way is allowed: the next command drops the rest.
    public func query(_ sql: String) async throws -> MySQLRowSequence {
        try await start(.query(sql))
        switch try await nextAction() {
        case .columns(let columns): return MySQLRowSequence(connection: self, columns: columns)
        case .commandCompleted: return MySQLRowSequence(connection: self, columns: [])
        case .commandFailed(let error): throw error
        default: throw MySQLClientError(.protocolViolation, "unexpected reply to COM_QUERY")
        }
    }

    /// Runs `sql` and collects all rows (for small results: status queries, DDL, DML).
    public func simpleQuery(_ sql: String) async throws -> [MySQLRow] {
        var rows: [MySQLRow] = []
        for try await row in try await query(sql) { rows.append(row) }
        return rows
    }

    /// Runs a statement that returns no rows and returns its OK packet.
    @discardableResult
    public func execute(_ sql: String) async throws -> OKPacket {
        try await start(.query(sql))
        while true {
            switch try await nextAction() {
            case .commandCompleted(let ok): return ok
            case .commandFailed(let error): throw error
            default: continue
            }
        }
    }

    func nextRow() async throws -> TextResultRow? {
        guard !machine.isReady else { return nil }
        switch try await nextAction() {
        case .row(let row): return row
        case .commandCompleted: return nil
        case .commandFailed(let error): throw error
        case .columns: return try await nextRow()
        default: throw MySQLClientError(.protocolViolation, "unexpected packet in a result set")
        }
    }
}

/// The rows of one query, read on demand from the connection.
public struct MySQLRowSequence: AsyncSequence, Sendable {
    public typealias Element = MySQLRow
    let connection: MySQLConnection
    /// The result set's columns (empty for a statement without a result set).
    public let columns: [ColumnDefinition41]

    public struct AsyncIterator: AsyncIteratorProtocol {
        let connection: MySQLConnection
        let columns: [ColumnDefinition41]
        var done: Bool

        public mutating func next() async throws -> MySQLRow? {
            guard !done else { return nil }
            guard let row = try await connection.nextRow() else {
                done = true
                return nil
            }
            return MySQLRow(columns: columns, row: row)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(connection: connection, columns: columns, done: columns.isEmpty)
    }
}
