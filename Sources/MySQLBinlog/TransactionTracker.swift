/// The GTID of one transaction, in either flavour.
public enum TransactionGTID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// MySQL `uuid:number`.
    case mysql(UUIDBytes, Int64)
    /// MariaDB `domain-server-sequence`.
    case mariaDB(MariaDBGTID)

    public var description: String {
        switch self {
        case .mysql(let uuid, let number): return "\(uuid):\(number)"
        case .mariaDB(let gtid): return gtid.description
        }
    }
}

/// Where a transaction can be restarted from: the position of its first event (its GTID event, or its BEGIN
/// when there is no GTID) and its GTID.
public struct TransactionRestartPoint: Hashable, Sendable, Codable {
    /// Position of the transaction's first event.
    public var position: BinlogPosition
    /// The transaction's GTID, when the server assigned one.
    public var gtid: TransactionGTID?

    /// The memberwise initialiser.
    public init(position: BinlogPosition, gtid: TransactionGTID?) {
        self.position = position
        self.gtid = gtid
    }
}

/// A checkpoint taken at a transaction boundary: everything up to and including the committed transaction
/// is done, and reading resumes at `resume` (file position) or from the GTID sets.
public struct TransactionCheckpoint: Hashable, Sendable, Codable {
    /// The committed transaction.
    public var transaction: TransactionRestartPoint
    /// The position just after its commit event (where the next transaction starts).
    public var resume: BinlogPosition
    /// Commit timestamp (header of the commit event), seconds since the epoch.
    public var commitTimestamp: UInt32
    /// MySQL GTIDs executed so far (seeded from PREVIOUS_GTIDS).
    public var mysqlGTIDs: GTIDSet
    /// MariaDB GTID position so far (seeded from GTID_LIST).
    public var mariaDBGTIDs: MariaDBGTIDSet
}

/// A pure state machine over decoded events that knows where transactions begin and commit, so a consumer
/// checkpoints only at transaction boundaries (STYLE rule 6; Debezium `BinlogOffsetContext`).
///
/// Begin: a GTID event (MySQL GTID_LOG, MariaDB GTID) or a QUERY `BEGIN`. Commit: XID, QUERY `COMMIT`, or
/// a DDL QUERY that is its own transaction (after a GTID without BEGIN, or with none open).
public struct TransactionTracker: Sendable {
    /// What the event meant for transaction boundaries.
    public enum Action: Hashable, Sendable {
        case began(TransactionRestartPoint)
        case committed(TransactionCheckpoint)
    }

    /// The binlog file the events come from (updated by ROTATE).
    public private(set) var file: String
    /// The open transaction, if any.
    public private(set) var open: TransactionRestartPoint?
    /// The last checkpoint.
    public private(set) var lastCheckpoint: TransactionCheckpoint?
    private var sawBegin = false
    private var mysqlGTIDs = GTIDSet()
    private var mariaDBGTIDs = MariaDBGTIDSet()

    /// Starts tracking in `file`, optionally with GTID sets already executed.
    public init(file: String, mysqlGTIDs: GTIDSet = GTIDSet(), mariaDBGTIDs: MariaDBGTIDSet = MariaDBGTIDSet()) {
        self.file = file
        self.mysqlGTIDs = mysqlGTIDs
        self.mariaDBGTIDs = mariaDBGTIDs
    }

    /// Feeds one decoded event; returns what it meant, if anything.
    public mutating func eventDecoded(_ event: BinlogEvent) -> Action? {
        let header = event.header
        let start = BinlogPosition(file: file, position: UInt64(header.position ?? 0))
        switch event {
        case .rotate(_, let rotate):
            file = rotate.nextFile
            return nil
        case .previousGTIDs(_, let previous):
            mysqlGTIDs = mysqlGTIDs.union(previous.gtidSet)
            return nil
        case .mariaDBGTIDList(_, let list):
            mariaDBGTIDs = mariaDBGTIDs.union(MariaDBGTIDSet(list.gtids))
            return nil
        case .gtid(_, let gtid):
            return begin(TransactionRestartPoint(position: start, gtid: .mysql(gtid.sourceID, gtid.transactionNumber)))
        case .mariaDBGTID(_, let gtid):
            return begin(TransactionRestartPoint(position: start, gtid: .mariaDB(gtid.gtid)))
        case .xid:
            return commit(header)
        case .query(_, let query):
            let text = query.query.trimmingCharacters()
            if text.caseInsensitiveEquals("BEGIN") {
                if open == nil { open = TransactionRestartPoint(position: start, gtid: nil) }
                sawBegin = true
                return open.map(Action.began)
            }
            if text.caseInsensitiveEquals("COMMIT") { return commit(header) }
            if open == nil { open = TransactionRestartPoint(position: start, gtid: nil) }
            return sawBegin ? nil : commit(header)
        default:
            return nil
        }
    }

    private mutating func begin(_ point: TransactionRestartPoint) -> Action {
        open = point
        sawBegin = false
        return .began(point)
    }

    private mutating func commit(_ header: BinlogEventHeader) -> Action? {
        guard let transaction = open else { return nil }
        switch transaction.gtid {
        case .mysql(let uuid, let number): mysqlGTIDs.insert(uuid, number)
        case .mariaDB(let gtid): mariaDBGTIDs.insert(gtid)
        case nil: break
        }
        let checkpoint = TransactionCheckpoint(
            transaction: transaction, resume: BinlogPosition(file: file, position: UInt64(header.nextPosition)),
            commitTimestamp: header.timestamp, mysqlGTIDs: mysqlGTIDs, mariaDBGTIDs: mariaDBGTIDs)
        open = nil
        sawBegin = false
        lastCheckpoint = checkpoint
        return .committed(checkpoint)
    }
}

extension String {
    func trimmingCharacters() -> Substring {
        Substring(self).trimmingWhitespace()
    }
}

extension Substring {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        count == other.count && lowercased() == other.lowercased()
    }
}
