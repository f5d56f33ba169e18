import Foundation
import MySQLBinlog
import SyncEngine

/// The MySQL change source's restart point, the opaque position string of `ChangeSource` (issue 5 item 4): the
/// binlog file and offset where the next transaction starts (`TransactionCheckpoint.resume`), plus the GTID state
/// after it when known (MySQL `@@gtid_executed` form, MariaDB `@@gtid_binlog_pos` form). Encoded as compact JSON
/// with sorted keys, e.g. `{"file":"mysql-bin.000012","mariadbGTID":"0-1-1929","pos":342}`.
public struct MySQLStreamPosition: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Binlog file name.
    public var file: String
    /// Byte offset in `file` of the next event to read (4 = the first event).
    public var pos: UInt64
    /// MySQL: the executed GTID set after the position (`uuid:1-5,...`), when known.
    public var mysqlGTIDs: String?
    /// MariaDB: the GTID position after the position (`0-1-42,...`), when known.
    public var mariadbGTID: String?

    /// Creates a position.
    public init(file: String, pos: UInt64, mysqlGTIDs: String? = nil, mariadbGTID: String? = nil) {
        self.file = file
        self.pos = pos
        self.mysqlGTIDs = mysqlGTIDs
        self.mariadbGTID = mariadbGTID
    }

    /// The binlog position.
    public var binlogPosition: BinlogPosition { BinlogPosition(file: file, position: pos) }

    /// `file:pos`, for messages.
    public var description: String { "\(file):\(pos)" }

    /// The opaque string form: the JSON `JSONEncoder` writes with sorted keys and unescaped slashes, built by hand
    /// (one per source transaction: the encoder was 3% of Tide's CPU in change catch-up).
    public var encoded: String {
        var text = "{\"file\":"
        JSONText.appendQuoted(file, to: &text)
        if let mariadbGTID {
            text += ",\"mariadbGTID\":"
            JSONText.appendQuoted(mariadbGTID, to: &text)
        }
        if let mysqlGTIDs {
            text += ",\"mysqlGTIDs\":"
            JSONText.appendQuoted(mysqlGTIDs, to: &text)
        }
        text += ",\"pos\":\(pos)}"
        return text
    }

    /// Parses a string `encoded` produced; anything else fails with `.invalidConfiguration`.
    public init(decoding text: String) throws {
        let shown = text.count > 80 ? String(text.prefix(80)) + "..." : text
        guard let value = try? JSONDecoder().decode(Self.self, from: Data(text.utf8)),
            !value.file.isEmpty, value.pos >= 4
        else {
            throw SyncEngineError(
                .invalidConfiguration,
                "'\(shown)' is not a MySQL binlog position of Tide (expected {\"file\":...,\"pos\":...});"
                    + " reset the task's start position")
        }
        self = value
    }

    /// The position after a committed transaction, with the tracker's GTID state when the stream knew it.
    init(checkpoint: TransactionCheckpoint, gtidFlavour: GTIDFlavour) {
        self.init(file: checkpoint.resume.file, pos: checkpoint.resume.position)
        switch gtidFlavour {
        case .unknown: break
        case .mysql: mysqlGTIDs = checkpoint.mysqlGTIDs.description
        case .mariaDB: mariadbGTID = checkpoint.mariaDBGTIDs.description
        }
    }

    /// Which GTID state a stream carries on.
    enum GTIDFlavour: Sendable {
        case unknown, mysql, mariaDB
    }

    /// The flavour of GTID state this position carries.
    var gtidFlavour: GTIDFlavour {
        if mysqlGTIDs != nil { return .mysql }
        if mariadbGTID != nil { return .mariaDB }
        return .unknown
    }
}
