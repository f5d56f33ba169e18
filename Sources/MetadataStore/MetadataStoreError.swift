import SyncModel

/// An error from the metadata store. The message never contains secrets or SQL text with user values.
public struct MetadataStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong; the API layer maps each code to a dialect error.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No such project, data source, task or key.
        public static let notFound = Code(rawValue: "notFound")
        /// A task name already exists in the project (DataWorks `Invalid.DI.Parameter.File.Existed`).
        public static let duplicateTaskName = Code(rawValue: "duplicateTaskName")
        /// A data source name already exists in the project and env type.
        public static let duplicateDataSourceName = Code(rawValue: "duplicateDataSourceName")
        /// A project id (integer or DRS hex) is taken.
        public static let duplicateProject = Code(rawValue: "duplicateProject")
        /// An access key id is taken.
        public static let duplicateAccessKey = Code(rawValue: "duplicateAccessKey")
        /// The state machine refused the event; `modelError` holds the details. Nothing was written.
        public static let illegalTransition = Code(rawValue: "illegalTransition")
        /// A query parameter is out of range.
        public static let invalidQuery = Code(rawValue: "invalidQuery")
        /// The object is still referenced (a data source used by tasks).
        public static let inUse = Code(rawValue: "inUse")
        /// The data directory or key file cannot be used.
        public static let dataDirectory = Code(rawValue: "dataDirectory")
        /// Encryption or decryption failed (wrong key, corrupt ciphertext).
        public static let crypto = Code(rawValue: "crypto")
        /// SQLite reported an error.
        public static let database = Code(rawValue: "database")
        /// A stored row cannot be decoded.
        public static let corruptRecord = Code(rawValue: "corruptRecord")
    }

    /// The failure kind.
    public var code: Code
    /// A message safe to show to API clients.
    public var message: String
    /// For `illegalTransition` and invalid input: the model error that caused it.
    public var modelError: SyncModelError?

    /// Creates an error.
    public init(_ code: Code, _ message: String, modelError: SyncModelError? = nil) {
        self.code = code
        self.message = message
        self.modelError = modelError
    }

    public var description: String { "MetadataStoreError(\(code)): \(message)" }
}
