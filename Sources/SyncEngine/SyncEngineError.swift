/// Errors of the sync engine and its connectors. Messages never contain passwords.
public struct SyncEngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A table, column or data source the task names does not exist.
        public static let notFound = Code(rawValue: "NotFound")
        /// The task's configuration cannot be run (unsupported type pair, bad option).
        public static let invalidConfiguration = Code(rawValue: "InvalidConfiguration")
        /// The source failed (connection lost, query error).
        public static let sourceFailed = Code(rawValue: "SourceFailed")
        /// The destination failed.
        public static let destinationFailed = Code(rawValue: "DestinationFailed")
        /// More rows were rejected than `setting.errorLimit.record` allows.
        public static let dirtyRecordLimitExceeded = Code(rawValue: "DirtyRecordLimitExceeded")
        /// A value could not be converted for the destination.
        public static let unsupportedValue = Code(rawValue: "UnsupportedValue")
        /// A source DDL statement the task's DdlHandlingSettings mark Critical.
        public static let schemaChangeRefused = Code(rawValue: "SchemaChangeRefused")
        /// The run was stopped.
        public static let stopped = Code(rawValue: "Stopped")
    }

    /// The code.
    public var code: Code
    /// A message for the user.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
