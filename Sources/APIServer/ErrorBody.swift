/// The DataWorks error body (sdk-wire-formats.md §1.8): the SDK reads `RequestId`, `Code`, `Message`.
struct DataWorksErrorBody: Encodable {
    let RequestId: String
    let Code: String
    let Message: String
    let HttpStatusCode: Int
}

/// The DRS error body (sdk-wire-formats.md §2.6): the SDK reads `error_code` + `error_msg`; the request id
/// travels in the `X-Request-Id` header.
struct DRSErrorBody: Encodable {
    let error_code: String
    let error_msg: String
    let request_id: String
}

extension APIError {
    /// The body for `dialect`, in the one mapping of codes to dialects.
    func body(dialect: Dialect, requestID: String) -> any Encodable {
        switch dialect {
        case .dataWorks:
            DataWorksErrorBody(RequestId: requestID, Code: code.dataWorks, Message: message,
                               HttpStatusCode: code.httpStatus)
        case .drs:
            DRSErrorBody(error_code: code.drs, error_msg: drsMessage ?? message, request_id: requestID)
        }
    }
}
