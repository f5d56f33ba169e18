/// An error raised by the pure domain model: invalid input, an invalid specification, or a state-machine
/// transition that the transition table refuses. The description never contains secrets.
public struct SyncModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; the API layer maps each code to a dialect's documented error.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A parameter is missing, of the wrong type, or out of range.
        public static let invalidParameter = Code(rawValue: "invalidParameter")
        /// A job specification (TaskContent, DIJob settings, DRS body) fails validation.
        public static let invalidSpecification = Code(rawValue: "invalidSpecification")
        /// Data source connection content cannot be understood.
        public static let invalidConnectionContent = Code(rawValue: "invalidConnectionContent")
        /// The state machine refuses the event in the task's current status; nothing was applied.
        public static let illegalTransition = Code(rawValue: "illegalTransition")
    }

    /// The failure kind.
    public var code: Code
    /// A human-readable message naming the offending field; never contains secret values.
    public var message: String
    /// The dotted path of the offending field (`steps[1].category`), when there is one.
    public var field: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// Shorthand for an invalid-specification error about one field.
    public static func spec(_ field: String, _ problem: String) -> SyncModelError {
        SyncModelError(.invalidSpecification, "\(field): \(problem)", field: field)
    }

    public var description: String { "SyncModelError(\(code)): \(message)" }
}
