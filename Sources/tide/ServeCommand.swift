import APIAuth
import CMalloc
import APIServer
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MetadataStore
import ServiceLifecycle
import SyncService
import UnixSignals

/// `tide serve`: the HTTP API (both dialects on one port) over the SQLite metadata store, and the sync engine that
/// runs started tasks, as one ServiceGroup that shuts down gracefully on SIGTERM / SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the Tide control plane (DataWorks- and DRS-compatible HTTP API).")

    @Option(help: "Directory of the metadata store and its encryption key.")
    var dataDir = "./tide-data"

    @Option(help: "HOST:PORT to listen on.")
    var listen = "127.0.0.1:8042"

    @Option(help: "Largest accepted request body in bytes.")
    var maxBodyBytes = 1 << 20

    @Option(help: "Requests per second allowed per access key (0 disables the per-key limit).")
    var keyRate = 100.0

    @Option(help: "Burst allowed per access key.")
    var keyBurst = 200

    @Option(help: "Requests per second allowed per API action across all keys (0 disables).")
    var apiRate = 1000.0

    @Option(help: "Burst allowed per API action.")
    var apiBurst = 2000

    @Option(help: "Per-action override ACTION=RPS:BURST (e.g. dataworks:ListDataSources=1:2); repeatable.")
    var actionRate: [String] = []

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical (debug adds per-batch timings).")
    var logLevel: Logger.Level = .info

    func run() async throws {
        Self.boundAllocatorRetention()
        var logger = Logger(label: "tide")
        logger.logLevel = logLevel
        let (host, port) = try Self.parseListen(listen)
        let store = try SQLiteMetadataStore(dataDirectory: DataDirectory(path: dataDir))
        let connectors = LiveConnectors(logger: logger)
        let engine = EngineRunner(store: store, connectors: connectors, logger: logger)
        let controlPlane = ControlPlane(
            store: store, runner: engine, verifier: SyncVerifier(store: store, connectors: connectors, logger: logger))
        try await RootKey.ensure(controlPlane: controlPlane, environment: ProcessInfo.processInfo.environment)
        let limits = RateLimiterConfiguration(
            perKey: keyRate > 0 ? RateLimit(requestsPerSecond: keyRate, burst: keyBurst) : nil,
            perAPI: apiRate > 0 ? RateLimit(requestsPerSecond: apiRate, burst: apiBurst) : nil,
            perAPIOverrides: try Self.parseOverrides(actionRate))
        let responder = APIResponder(
            controlPlane: controlPlane, authenticator: StoreAuthenticator(store: store, rateLimits: limits),
            configuration: APIConfiguration(maxBodyBytes: maxBodyBytes), logger: logger)
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "tide"),
            onServerRunning: { _ in print("tide serve: listening on \(host):\(port)\n", terminator: "", to: &StandardError.stream) },
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                // Shut down in reverse order: the API stops taking requests before the running copies stop.
                services: [engine, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Blocks of 64 KiB and more (socket reads, row batches, COPY buffers) are mapped and returned to the system
    /// when freed; glibc's default raises that threshold as large blocks come and go and then keeps them in the
    /// heap, so peak memory grew with how long a copy ran, not with what was in flight (issue 4: "peak RSS grows by
    /// less than 10% for a table 10 times larger"; heaptrack showed the rest of the growth was allocator retention,
    /// not live data). `MALLOC_MMAP_THRESHOLD_` in the environment still wins.
    static func boundAllocatorRetention() {
        if ProcessInfo.processInfo.environment["MALLOC_MMAP_THRESHOLD_"] == nil {
            _ = mallopt(M_MMAP_THRESHOLD, 64 * 1024)
        }
    }

    static func parseListen(_ text: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw ValidationError("--listen must be HOST:PORT") }
        let host = String(text[..<colon])
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }

    static func parseOverrides(_ values: [String]) throws -> [String: RateLimit] {
        var result: [String: RateLimit] = [:]
        for value in values {
            guard let equals = value.lastIndex(of: "=") else { throw ValidationError("--action-rate ACTION=RPS:BURST") }
            let parts = value[value.index(after: equals)...].split(separator: ":")
            guard parts.count == 2, let rate = Double(parts[0]), let burst = Int(parts[1]) else {
                throw ValidationError("--action-rate ACTION=RPS:BURST")
            }
            result[String(value[..<equals])] = RateLimit(requestsPerSecond: rate, burst: burst)
        }
        return result
    }
}

/// stderr as a `TextOutputStream`.
struct StandardError: TextOutputStream {
    nonisolated(unsafe) static var stream = StandardError()
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
