/// An error as one API dialect reports it: HTTP status, error code and message.
public struct DialectError: Sendable, Hashable {
    /// HTTP status code.
    public var httpStatus: Int
    /// The dialect's error code (`Code` in DataWorks, `error_code` in DRS).
    public var code: String
    /// The dialect's message (`Message` in DataWorks, `error_msg` in DRS).
    public var message: String

    /// Creates a dialect error.
    public init(httpStatus: Int, code: String, message: String) {
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
    }
}

extension APIAuthError {
    /// The DataWorks (Alibaba Cloud POP gateway) form of this error.
    ///
    /// 403 `Forbidden.Access`, 429 `Throttling.User` / `Throttling.Api` / `Throttling.System` and
    /// 500 `InternalError.System` come from the seeds' error tables (ListDIJobs, StartDIJob). The signature codes
    /// (`IncompleteSignature`, `SignatureDoesNotMatch`, `InvalidAccessKeyId.NotFound`, `InvalidTimeStamp.Expired`,
    /// `SignatureNonceUsed` ...) are the gateway's common error codes, which the seeds do not list.
    public var dataWorks: DialectError {
        switch code {
        case .missingSignature, .malformedAuthorization, .incompleteSignature:
            DialectError(httpStatus: 400, code: "IncompleteSignature", message: message)
        case .unsupportedSignatureMethod:
            DialectError(httpStatus: 400, code: "InvalidSignatureMethod", message: message)
        case .malformedRequest:
            DialectError(httpStatus: 400, code: "InvalidParameter", message: message)
        case .missingAccessKeyID:
            DialectError(httpStatus: 400, code: "MissingAccessKeyId", message: message)
        case .unknownAccessKey:
            DialectError(
                httpStatus: 404, code: "InvalidAccessKeyId.NotFound", message: "Specified access key is not found.")
        case .signatureMismatch, .contentHashMismatch:
            DialectError(httpStatus: 400, code: "SignatureDoesNotMatch", message: message)
        case .invalidTimestamp:
            DialectError(httpStatus: 400, code: "InvalidTimeStamp.Format", message: message)
        case .timestampExpired:
            DialectError(httpStatus: 400, code: "InvalidTimeStamp.Expired", message: message)
        case .nonceReused:
            DialectError(
                httpStatus: 400, code: "SignatureNonceUsed", message: "Specified signature nonce was used already.")
        case .accessDenied:
            DialectError(httpStatus: 403, code: "Forbidden.Access", message: message)
        case .throttledUser:
            DialectError(
                httpStatus: 429, code: "Throttling.User", message: "Your request is too frequent. Try again later.")
        case .throttledAPI:
            DialectError(
                httpStatus: 429, code: "Throttling.Api",
                message: "The request for this resource has exceeded your available limit.")
        case .replayCacheFull:
            DialectError(
                httpStatus: 429, code: "Throttling.System", message: "The DataWorks system is busy. Try again later.")
        case .invalidPolicy:
            DialectError(httpStatus: 400, code: "Invalid.DI.Parameter", message: message)
        default:
            DialectError(
                httpStatus: 500, code: "InternalError.System",
                message: "An internal system error occurred. Try again later.")
        }
    }

    /// The Huawei Cloud DRS (API gateway) form of this error.
    ///
    /// 401 `APIGW.0301` and 429 `APIGW.0308` are the gateway codes in sdk-wire-formats §2.6 and
    /// sdk-captures/huawei_errors.txt; 403 `DRS.10000403` and 500 `DRS.10000001` follow the same captures.
    public var drs: DialectError {
        switch code {
        case .missingSignature, .malformedAuthorization, .incompleteSignature, .unsupportedSignatureMethod,
            .missingAccessKeyID, .unknownAccessKey, .signatureMismatch, .contentHashMismatch, .invalidTimestamp,
            .timestampExpired, .nonceReused, .malformedRequest:
            DialectError(
                httpStatus: 401, code: "APIGW.0301", message: "Incorrect IAM authentication information: \(message)")
        case .accessDenied:
            DialectError(httpStatus: 403, code: "DRS.10000403", message: message)
        case .throttledUser, .throttledAPI, .replayCacheFull:
            DialectError(httpStatus: 429, code: "APIGW.0308", message: "The throttling threshold has been reached")
        case .invalidPolicy:
            DialectError(httpStatus: 400, code: "DRS.10000010", message: message)
        default:
            DialectError(httpStatus: 500, code: "DRS.10000001", message: "Internal error")
        }
    }
}
