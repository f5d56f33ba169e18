// swift-tools-version: 6.1
import PackageDescription

// Snapshot read benchmark: a separate package so its code never reaches the product. It compiles the MySQL
// client, the SyncEngine contract files and MySQLSource (all symlinked from the main package) in release mode,
// with small stand-ins for swift-nio-ssl and swift-crypto (see Stubs/).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "SnapshotRead",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
    ],
    targets: [
        // Stand-ins for swift-nio-ssl and swift-crypto (Stubs/): the benchmark logs in with
        // mysql_native_password without TLS, and BoringSSL in release mode takes longer to build than to measure.
        .target(name: "NIOSSL", dependencies: [.product(name: "NIOCore", package: "swift-nio")], path: "Stubs/NIOSSL"),
        .target(name: "Crypto", path: "Stubs/Crypto"),
        .target(name: "_CryptoExtras", path: "Stubs/_CryptoExtras"),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(
            name: "MySQLBinlog", dependencies: ["CZstd", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: settings),
        .target(name: "MySQLWire", dependencies: [.product(name: "NIOCore", package: "swift-nio")], swiftSettings: settings),
        .target(
            name: "MySQLClient",
            dependencies: [
                "MySQLWire", "MySQLBinlog",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                "NIOSSL", "Crypto", "_CryptoExtras",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),
        .target(
            name: "SyncEngine",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ],
            swiftSettings: settings),
        .target(
            name: "MySQLSource",
            dependencies: [
                "SyncEngine", "MySQLClient", "MySQLWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),
        .executableTarget(
            name: "SnapshotRead",
            dependencies: ["MySQLSource", "SyncEngine", "MySQLClient", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: settings),
    ]
)
