// swift-tools-version: 6.1
import PackageDescription

// libFuzzer harness for the binlog event decoders. A separate package so -sanitize=fuzzer and its code never
// reach the product; MySQLBinlog sources are symlinked from the main package.
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
//   .build/release/BinlogFuzz corpus/ -max_total_time=300
let package = Package(
    name: "FuzzTesting",
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
        .executableTarget(
            name: "BinlogFuzz",
            dependencies: ["MySQLBinlog", .product(name: "NIOCore", package: "swift-nio")]
        ),
    ]
)
