// swift-tools-version: 6.1
import PackageDescription

// Binlog decode benchmark: a separate package so its code never reaches the product. It compiles the
// MySQLBinlog sources, the SyncEngine contract files the change path uses, and MySQLSource's change path
// (ChangeStreamAssembler and the files it needs, in the executable target) all symlinked from the main package, in
// release mode with swift-nio as the single dependency.
let package = Package(
    name: "BinlogDecode",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2")
    ],
    targets: [
        // The system libzstd (symlinked module map), for TRANSACTION_PAYLOAD decompression in MySQLBinlog.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // CRC32 folding with PCLMULQDQ (symlinked C target).
        .target(name: "CCRC32"),
        .target(
            name: "MySQLBinlog",
            dependencies: ["CZstd", "CCRC32", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .target(
            name: "SyncEngine",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "BinlogDecode",
            dependencies: ["MySQLBinlog", "SyncEngine", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
    ]
)
