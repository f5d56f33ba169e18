import NIOCore

/// FORMAT_DESCRIPTION_EVENT (type 15), the first event of every binlog file: binlog version, server
/// version, header length, the post-header length of each event type and the checksum algorithm
/// (MySQL source documentation, "Format_description_event"; checksum tail since 5.6.1 / MariaDB 5.3).
public struct FormatDescriptionEvent: Hashable, Sendable {
    /// Binlog format version (4 for every server this decoder reads).
    public var binlogVersion: UInt16
    /// Server version string, e.g. `10.11.19-MariaDB-log` or `9.7.4`.
    public var serverVersion: String
    /// When the binlog file was created (0 for most events after the first).
    public var createTimestamp: UInt32
    /// Length of the common header (19).
    public var headerLength: UInt8
    /// Post-header length per event type; index `typeCode - 1`.
    public var postHeaderLengths: [UInt8]
    /// Checksum algorithm of the following events.
    public var checksumAlgorithm: ChecksumAlgorithm

    /// The memberwise initialiser.
    public init(
        binlogVersion: UInt16, serverVersion: String, createTimestamp: UInt32, headerLength: UInt8,
        postHeaderLengths: [UInt8], checksumAlgorithm: ChecksumAlgorithm
    ) {
        self.binlogVersion = binlogVersion
        self.serverVersion = serverVersion
        self.createTimestamp = createTimestamp
        self.headerLength = headerLength
        self.postHeaderLengths = postHeaderLengths
        self.checksumAlgorithm = checksumAlgorithm
    }

    /// True when the server is MariaDB.
    public var isMariaDB: Bool { serverVersion.contains("MariaDB") }

    /// The post-header length for `type`, or `fallback` when the FDE does not list it.
    public func postHeaderLength(for type: BinlogEventType, fallback: Int) -> Int {
        let index = Int(type.rawValue) - 1
        guard index >= 0, index < postHeaderLengths.count else { return fallback }
        return Int(postHeaderLengths[index])
    }

    /// Decodes the body (everything after the 19-byte header, including the 5-byte checksum tail).
    static func decode(body: inout ByteBuffer) throws(MySQLBinlogError) -> FormatDescriptionEvent {
        let version = try body.readLE(UInt16.self, "binlog version")
        let rawServer = try body.readByteArray(50, "server version")
        let server = String(decoding: rawServer.prefix { $0 != 0 }, as: UTF8.self)
        let created = try body.readLE(UInt32.self, "create timestamp")
        let headerLength = try body.readLE(UInt8.self, "header length")
        guard headerLength >= 19 else { throw .malformed("header length \(headerLength) below 19") }
        var remaining = body.readableBytes
        var algorithm = ChecksumAlgorithm.undefined
        if Self.hasChecksumTail(server) {
            guard remaining >= 5 else { throw .truncated("checksum algorithm") }
            remaining -= 5
            let algorithmByte = body.getInteger(at: body.readerIndex + remaining, as: UInt8.self) ?? 0
            guard let known = ChecksumAlgorithm(rawValue: algorithmByte) else {
                throw .malformed("unknown checksum algorithm \(algorithmByte)")
            }
            algorithm = known
        }
        let lengths = try body.readByteArray(remaining, "post-header lengths")
        body.moveReaderIndex(forwardBy: body.readableBytes)
        return FormatDescriptionEvent(
            binlogVersion: version, serverVersion: server, createTimestamp: created, headerLength: headerLength,
            postHeaderLengths: lengths, checksumAlgorithm: algorithm)
    }

    /// True when the server version writes the checksum-algorithm byte (MySQL >= 5.6.1, MariaDB >= 5.3).
    static func hasChecksumTail(_ serverVersion: String) -> Bool {
        let numbers = serverVersion.prefix { $0.isNumber || $0 == "." }.split(separator: ".").map { Int($0) ?? 0 }
        let major = numbers.count > 0 ? numbers[0] : 0
        let minor = numbers.count > 1 ? numbers[1] : 0
        let patch = numbers.count > 2 ? numbers[2] : 0
        let product = major * 10_000 + minor * 100 + patch
        return serverVersion.contains("MariaDB") ? product >= 50_300 : product >= 50_601
    }
}
