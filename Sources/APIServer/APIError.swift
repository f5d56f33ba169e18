/// An API failure, independent of dialect.
///
/// Every error a handler raises is an `APIError`; `APIError.Code` maps it, in one place, to the
/// DataWorks body `{RequestId, Code, Message}` (sdk-wire-formats.md §1.8, seeds' error tables) and to
/// the DRS body `{error_code, error_msg}` (§2.6). Messages never carry secrets.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure; decides the HTTP status and each dialect's error code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// HTTP status sent for this code (DataWorks dialect).
        public let httpStatus: Int
        /// Code in the DataWorks dialect.
        public let dataWorks: String
        /// Code in the DRS dialect.
        public let drs: String
        /// HTTP status in the DRS dialect (the gateways differ for signature errors).
        public let drsHTTPStatus: Int

        /// Creates a code; `drsHTTPStatus` defaults to `httpStatus`.
        public init(httpStatus: Int, dataWorks: String, drs: String, drsHTTPStatus: Int? = nil) {
            self.httpStatus = httpStatus
            self.dataWorks = dataWorks
            self.drs = drs
            self.drsHTTPStatus = drsHTTPStatus ?? httpStatus
        }

        /// The HTTP status for `dialect`.
        public func status(for dialect: Dialect) -> Int { dialect == .drs ? drsHTTPStatus : httpStatus }

        /// A parameter is missing, malformed, or out of range (DataWorks seed: 400 Invalid.DI.Parameter).
        public static let invalidParameter = Code(httpStatus: 400, dataWorks: "Invalid.DI.Parameter", drs: "DRS.10000010")
        /// A task of that name already exists in the project (CreateDISyncTask seed).
        public static let fileExisted = Code(
            httpStatus: 400, dataWorks: "Invalid.DI.Parameter.File.Existed", drs: "DRS.10000010")
        /// The named task, data source or project does not exist.
        public static let notFound = Code(httpStatus: 404, dataWorks: "Invalid.DI.Parameter", drs: "DRS.10000011")
        /// The task's state does not allow the requested action (state machine refusal).
        public static let illegalState = Code(httpStatus: 400, dataWorks: "Invalid.DI.JobStatus", drs: "DRS.10000012")
        /// The action or path is unknown (Alibaba gateway: 404 InvalidAction.NotFound).
        public static let unknownAction = Code(httpStatus: 404, dataWorks: "InvalidAction.NotFound", drs: "DRS.10000404")
        /// The HTTP method is not allowed for the path.
        public static let methodNotAllowed = Code(
            httpStatus: 405, dataWorks: "InvalidAction.NotFound", drs: "DRS.10000405")
        /// The body exceeds the configured limit.
        public static let bodyTooLarge = Code(
            httpStatus: 413, dataWorks: "Invalid.DI.Parameter.BodyTooLarge", drs: "DRS.10000413")
        /// Missing, malformed, expired, replayed or forged signature.
        public static let unauthenticated = Code(httpStatus: 401, dataWorks: "InvalidSignature", drs: "APIGW.0301")
        /// The access key id is not known.
        public static let unknownAccessKey = Code(
            httpStatus: 401, dataWorks: "InvalidAccessKeyId.NotFound", drs: "APIGW.0301")
        /// The key's policy does not allow the action (seeds: 403 Forbidden.Access).
        public static let forbidden = Code(httpStatus: 403, dataWorks: "Forbidden.Access", drs: "APIGW.0302")
        /// The key exceeded its own request rate (seeds: 429 Throttling.User).
        public static let throttlingUser = Code(httpStatus: 429, dataWorks: "Throttling.User", drs: "APIGW.0308")
        /// The action exceeded its server-wide rate (seeds: 429 Throttling.Api).
        public static let throttlingAPI = Code(httpStatus: 429, dataWorks: "Throttling.Api", drs: "APIGW.0308")
        /// Anything unexpected (seeds: 500 InternalError.System).
        public static let internalError = Code(httpStatus: 500, dataWorks: "InternalError.System", drs: "DRS.10000500")

        /// The DataWorks code, for logs.
        public var description: String { dataWorks }
    }

    /// What went wrong.
    public var code: Code
    /// Human-readable message, naming the offending field where there is one. Never contains secrets.
    public var message: String
    /// A different message for the DRS dialect, when the gateways word it differently.
    public var drsMessage: String?
    /// For throttling: when a retry can succeed. Sent as `x-acs-retry-after` (milliseconds; the Alibaba SDK raises
    /// `ThrottlingException` with `retry_after` only when it is present, sdk-wire-formats.md section 1.8) and as the
    /// standard `Retry-After` (whole seconds, rounded up).
    public var retryAfter: Duration?

    /// Creates an error.
    public init(_ code: Code, _ message: String, drsMessage: String? = nil) {
        self.code = code
        self.message = message
        self.drsMessage = drsMessage
    }

    public var description: String { "\(code.dataWorks): \(message)" }

    /// A parameter error naming the field: `The parameter <name> is invalid: <why>.`
    public static func invalid(_ name: String, _ why: String) -> APIError {
        APIError(.invalidParameter, "Invalid parameter: \(name): \(why).")
    }

    /// A required parameter is absent.
    public static func missing(_ name: String) -> APIError {
        APIError(.invalidParameter, "Invalid parameter: \(name): is required.")
    }
}
