import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Limits and switches of the HTTP API.
public struct APIConfiguration: Sendable {
    /// Largest accepted request body, in bytes.
    public var maxBodyBytes: Int
    /// Creates a configuration.
    public init(maxBodyBytes: Int = 1 << 20) {
        self.maxBodyBytes = maxBodyBytes
    }
}

/// The Hummingbird responder serving both dialects on one port.
///
/// It gives every request an id, collects the body under the size limit, picks the dialect by path
/// (`/v3/...` DRS, anything else DataWorks RPC), authenticates, and turns every failure into the dialect's JSON
/// error body: never an empty or non-JSON error, never a stack trace.
public struct APIResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    let dataWorks: DataWorksAdapter
    let drs: DRSAdapter
    let configuration: APIConfiguration
    let logger: Logger

    /// Creates the responder.
    public init(controlPlane: ControlPlane, authenticator: any Authenticator,
                configuration: APIConfiguration = APIConfiguration(), logger: Logger) {
        self.dataWorks = DataWorksAdapter(controlPlane: controlPlane, authenticator: authenticator)
        self.drs = DRSAdapter(controlPlane: controlPlane, authenticator: authenticator)
        self.configuration = configuration
        self.logger = logger
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let requestID = RequestID.make()
        let path = request.uri.path
        let dialect: Dialect = path.hasPrefix("/v3/") ? .drs : .dataWorks
        do {
            let call = try await collect(request)
            let reply: JSONReply
            switch dialect {
            case .dataWorks: reply = try await dataWorks.handle(call, requestID: requestID)
            case .drs: reply = try await drs.handle(call, requestID: requestID)
            }
            return response(status: reply.status, body: reply.body, requestID: requestID)
        } catch let error as APIError {
            if error.code.httpStatus >= 500 { logger.error("\(requestID) \(error)") }
            var reply = response(
                status: error.code.status(for: dialect), body: error.body(dialect: dialect, requestID: requestID),
                requestID: requestID)
            if let retryAfter = error.retryAfter { Self.addRetryAfter(retryAfter, to: &reply.headers) }
            return reply
        } catch {
            logger.error("\(requestID) unexpected: \(String(describing: type(of: error)))")
            let failure = APIError(.internalError, "An internal system error occurred. Try again later.")
            return response(status: 500, body: failure.body(dialect: dialect, requestID: requestID),
                            requestID: requestID)
        }
    }

    private func collect(_ request: Request) async throws -> APICall {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maxBodyBytes {
            throw APIError(.bodyTooLarge, "Request body of \(length) bytes exceeds \(configuration.maxBodyBytes).")
        }
        var body = ByteBuffer()
        do {
            for try await chunk in request.body {
                guard body.readableBytes + chunk.readableBytes <= configuration.maxBodyBytes else {
                    throw APIError(.bodyTooLarge, "Request body exceeds \(configuration.maxBodyBytes) bytes.")
                }
                var piece = chunk
                body.writeBuffer(&piece)
            }
        }
        var headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        // HTTPTypes carries Host as the :authority pseudo-header; the signatures sign it as `host`.
        if let authority = request.head.authority, !headers.contains(where: { $0.name == "host" }) {
            headers.insert((name: "host", value: authority), at: 0)
        }
        return APICall(method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query ?? "",
                       headers: headers, body: body.readBytes(length: body.readableBytes) ?? [])
    }

    /// Adds `x-acs-retry-after` (milliseconds, at least 1) and `Retry-After` (seconds, at least 1).
    static func addRetryAfter(_ delay: Duration, to headers: inout HTTPFields) {
        let parts = delay.components
        let milliseconds = max(1, parts.seconds * 1000 + (parts.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        if let name = HTTPField.Name("x-acs-retry-after") { headers[name] = String(milliseconds) }
        headers[.retryAfter] = String(max(1, (milliseconds + 999) / 1000))
    }

    private func response(status: Int, body: any Encodable, requestID: String) -> Response {
        let bytes: [UInt8]? =
            if let preEncoded = body as? any PreEncodedJSON {
                try? preEncoded.encodedJSON()
            } else {
                (try? JSONWriting.encoder().encode(body)).map { Array($0) }
            }
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=utf-8"
        if let name = HTTPField.Name("X-Request-Id") { headers[name] = requestID }
        let fallback = Array(#"{"Code":"InternalError.System"}"#.utf8)
        return Response(status: HTTPResponse.Status(code: status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes ?? fallback)))
    }
}

/// A successful reply: status plus an encodable body.
struct JSONReply: Sendable {
    let status: Int
    let body: any Encodable & Sendable
    init(_ body: any Encodable & Sendable, status: Int = 200) {
        self.status = status
        self.body = body
    }
}
