import PostgresNIO
import SyncEngine

/// What the sink needs to know about a postgres-nio error: its SQLSTATE and a message a user can act on. PSQLError's
/// own `description` is deliberately generic, so the server's fields are read here; they never hold a password.
enum PostgresErrorText {
    /// The SQLSTATE of a server error, nil for client-side and connection errors.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Whether the server refused the data itself (SQLSTATE class 22 "data exception" or 23 "integrity constraint
    /// violation"): the rows are dirty, the connection and transaction are fine after a rollback to a savepoint.
    static func isDataError(_ error: any Error) -> Bool {
        guard let state = sqlState(error) else { return false }
        return state.hasPrefix("22") || state.hasPrefix("23")
    }

    /// `message: detail [SQLSTATE xxxxx]` for server errors, the error code and cause otherwise.
    static func message(_ error: any Error) -> String {
        if let error = error as? SyncEngineError { return error.message }
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let info = error.serverInfo {
            var text = info[.message] ?? "server error"
            if let detail = info[.detail] { text += ": " + detail }
            if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
            return text
        }
        if let underlying = error.underlying {
            return "\(error.code): \(String(describing: underlying))"
        }
        return "\(error.code)"
    }

    /// A postgres-nio error wrapped as `SyncEngineError(code, "context: message")`; any other error (a
    /// cancellation, a source error arriving through the row channel) is returned unchanged.
    static func wrapped(_ error: any Error, _ code: SyncEngineError.Code, context: String) -> any Error {
        guard error is PSQLError else { return error }
        return SyncEngineError(code, "\(context): \(message(error))")
    }
}
