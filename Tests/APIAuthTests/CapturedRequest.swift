import Foundation
import Testing

@testable import APIAuth

/// One request captured from an official SDK (../shared/docs/sdk-captures/*.jsonl): request line, headers in wire
/// order, raw body and the capture server's receipt time.
struct CapturedRequest: Decodable, Sendable, CustomTestStringConvertible {
    let ts: Double
    let method: String
    let raw_path: String
    let headers: [[String]]
    let body: String
    let seq: Int
    var file = ""

    enum CodingKeys: String, CodingKey { case ts, method, raw_path, headers, body, seq }

    /// The capture as a `SignedRequest`.
    var request: SignedRequest {
        SignedRequest(
            method: method, target: raw_path,
            headers: headers.compactMap { $0.count == 2 ? HTTPHeaderField(name: $0[0], value: $0[1]) : nil },
            body: Array(body.utf8))
    }

    /// The receipt time, used as "now".
    var receivedAt: Date { Date(timeIntervalSince1970: ts) }

    var testDescription: String { "\(file)#\(seq) \(method) \(raw_path.prefix(60))" }

    /// `../shared/docs/sdk-captures` relative to the package root, found from this file's path.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/docs/sdk-captures").standardizedFileURL

    /// Every capture in `name` (a .jsonl file).
    static func load(_ name: String) -> [CapturedRequest] {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(name)) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard var capture = try? JSONDecoder().decode(CapturedRequest.self, from: Data(line.utf8)) else {
                return nil
            }
            capture.file = name
            return capture
        }
    }

    static let alibaba: [CapturedRequest] = load("alibaba_main.jsonl") + load("alibaba_edge.jsonl")
    static let huawei: [CapturedRequest] = load("huawei_main.jsonl")

    /// Alibaba captures signed with ACS3 (an Authorization header).
    static let acs3 = alibaba.filter { !$0.request.headerValues("authorization").isEmpty }
    /// Alibaba captures signed with RPC v1 (a Signature query parameter).
    static let rpcV1 = alibaba.filter { $0.request.headerValues("authorization").isEmpty }
}

/// The fake credentials of every capture (sdk-wire-formats, top).
enum CaptureKeys {
    static let alibabaID = "LTAI5tFakeAccessKeyId01"
    static let alibabaSecret = AccessKeySecret("FakeAccessKeySecret0123456789abc")
    static let huaweiID = "HWFAKEAK0123456789AB"
    static let huaweiSecret = AccessKeySecret("FakeHuaweiSecretKey0123456789ABCDEFGHIJ")

    static let lookup = StaticAccessKeySecretLookup([
        alibabaID: alibabaSecret, huaweiID: huaweiSecret,
        "LTAI5tOtherKey": AccessKeySecret("another-secret"), "HWOTHERAK": AccessKeySecret("another-secret"),
    ])
}

/// Small edits that tamper with a request.
enum Tamper {
    /// Changes the last alphanumeric byte of the body to a different one (or appends one to an empty body).
    static func body(_ request: SignedRequest) -> SignedRequest {
        var copy = request
        guard let index = copy.body.lastIndex(where: { isAlphanumeric($0) }) else {
            copy.body.append(UInt8(ascii: "x"))
            return copy
        }
        copy.body[index] = flipped(copy.body[index])
        return copy
    }

    /// Changes one byte of a header's value.
    static func header(_ request: SignedRequest, _ name: String) -> SignedRequest {
        guard let value = request.headerValues(name).first else { return request }
        var bytes = Array(value.utf8)
        if let index = bytes.lastIndex(where: { isAlphanumeric($0) }) {
            bytes[index] = flipped(bytes[index])
        } else {
            bytes.append(UInt8(ascii: "x"))
        }
        return request.settingHeader(name, to: String(decoding: bytes, as: UTF8.self))
    }

    /// Appends a segment to the path.
    static func path(_ request: SignedRequest) -> SignedRequest {
        var copy = request
        copy.rawPath += copy.rawPath.hasSuffix("/") ? "x" : "/x"
        return copy
    }

    /// Adds a query parameter.
    static func query(_ request: SignedRequest) -> SignedRequest {
        var copy = request
        copy.rawQuery = copy.rawQuery.isEmpty ? "Extra=1" : copy.rawQuery + "&Extra=1"
        return copy
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    static func flipped(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0"): UInt8(ascii: "1")
        case UInt8(ascii: "9"): UInt8(ascii: "8")
        case UInt8(ascii: "a"): UInt8(ascii: "b")
        case UInt8(ascii: "A"): UInt8(ascii: "B")
        default: byte - 1
        }
    }
}
