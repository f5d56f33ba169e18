// Benchmark-only stand-in for swift-nio-ssl: the benchmark connects without TLS, and compiling BoringSSL in
// release mode on a shared 2-core machine takes longer than the measurement. Never part of the product.
import NIOCore

public enum CertificateVerification: Sendable { case none, noHostnameVerification, fullVerification }

public struct TLSConfiguration: Sendable {
    public var certificateVerification: CertificateVerification = .fullVerification
    public static func makeClientConfiguration() -> TLSConfiguration { TLSConfiguration() }
}

public struct NIOSSLUnavailable: Error {}

public final class NIOSSLContext: Sendable {
    public init(configuration: TLSConfiguration) throws { throw NIOSSLUnavailable() }
}

public final class NIOSSLClientHandler: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public init(context: NIOSSLContext, serverHostname: String?) throws { throw NIOSSLUnavailable() }
}
