// swift-tools-version: 6.1
import PackageDescription

/// Settings every Tide target shares: Swift 6 language mode with strict concurrency, plus the
/// upcoming features named in docs/STYLE (ExistentialAny, MemberImportVisibility).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Tide",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tide", targets: ["tide"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // MARK: pure layers (no sockets, no databases, no HTTP)
        .target(
            name: "MySQLWire",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        // The system libzstd, for MySQL's zstd-compressed TRANSACTION_PAYLOAD events.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CMalloc"),
        // CRC32 folding with PCLMULQDQ for binlog_checksum=CRC32 (C: the instruction's intrinsics).
        .target(name: "CCRC32"),
        .target(
            name: "MySQLBinlog",
            dependencies: ["CZstd", "CCRC32", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .target(name: "SyncModel", swiftSettings: strictSettings),
        .target(
            name: "APIAuth",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),

        // MARK: I/O layers
        .target(
            name: "MySQLClient",
            dependencies: [
                "MySQLWire", "MySQLBinlog",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "MetadataStore",
            dependencies: [
                "SyncModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "APIServer",
            dependencies: [
                "SyncModel", "MetadataStore", "APIAuth",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SyncEngine",
            dependencies: [
                "SyncModel",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: connectors (one folder each under Sources/Connectors)
        .target(
            name: "MySQLSource",
            dependencies: [
                "SyncEngine", "MySQLClient", "MySQLWire", "MySQLBinlog",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Connectors/MySQLSource",
            swiftSettings: strictSettings
        ),
        .target(
            name: "MySQLSink",
            dependencies: [
                "SyncEngine", "MySQLClient", "MySQLWire", "MySQLSource",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ],
            path: "Sources/Connectors/MySQLSink",
            swiftSettings: strictSettings
        ),
        .target(
            name: "PostgresSink",
            dependencies: [
                "SyncEngine",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ],
            path: "Sources/Connectors/PostgresSink",
            swiftSettings: strictSettings
        ),
        // Turns stored tasks into engine runs: the `TaskRunner` the server hands started tasks to.
        .target(
            name: "SyncService",
            dependencies: [
                "SyncModel", "SyncEngine", "MetadataStore", "MySQLSource", "MySQLSink", "PostgresSink",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "tide",
            dependencies: [
                "APIServer", "APIAuth", "MetadataStore", "SyncModel", "MySQLClient", "MySQLBinlog",
                "SyncEngine", "SyncService", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: tests
        // Shared by the test targets: the seeded generator of the property tests.
        .target(name: "TideTestSupport", path: "Tests/TideTestSupport", swiftSettings: strictSettings),
        .testTarget(name: "MySQLWireTests", dependencies: ["MySQLWire"], swiftSettings: strictSettings),
        .testTarget(
            name: "MySQLBinlogTests",
            dependencies: ["MySQLBinlog", "CZstd", "CCRC32", "TideTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MySQLClientTests",
            dependencies: ["MySQLClient", .product(name: "NIOEmbedded", package: "swift-nio")],
            swiftSettings: strictSettings),
        .testTarget(name: "SyncModelTests", dependencies: ["SyncModel", "TideTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "APIAuthTests", dependencies: ["APIAuth", "TideTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "MetadataStoreTests", dependencies: ["MetadataStore"], swiftSettings: strictSettings),
        .testTarget(
            name: "APIServerTests",
            dependencies: [
                "APIServer", "TideTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "SyncEngineTests", dependencies: ["SyncEngine", "TideTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "MySQLConnectorTests",
            dependencies: ["MySQLSource", "MySQLSink", "SyncEngine", "MySQLClient", "MySQLBinlog"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PostgresSinkTests",
            dependencies: [
                "PostgresSink", "SyncEngine", "TideTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SyncServiceTests",
            dependencies: [
                "SyncService", "SyncEngine", "SyncModel", "MySQLClient", "MetadataStore", "TideTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["MySQLClient", "MySQLBinlog"],
            swiftSettings: strictSettings
        ),
    ]
)
