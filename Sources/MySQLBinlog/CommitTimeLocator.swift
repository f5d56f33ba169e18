/// The pure part of "start at a time": over decoded events in binlog order, finds the first transaction whose
/// commit timestamp is at or after `epoch` and returns its restart point (its BEGIN/GTID position).
/// The I/O side streams headers from the oldest retained file and feeds them here.
public struct CommitTimeLocator: Sendable {
    /// The wanted epoch second.
    public let epoch: UInt32
    private var tracker: TransactionTracker

    /// Starts scanning in `file` for the first commit at or after `epoch`.
    public init(epoch: UInt32, file: String) {
        self.epoch = epoch
        self.tracker = TransactionTracker(file: file)
    }

    /// Feeds one event; returns the restart point once the transaction is found (and keeps returning nil
    /// before that).
    public mutating func eventDecoded(_ event: BinlogEvent) -> TransactionRestartPoint? {
        guard case .committed(let checkpoint) = tracker.eventDecoded(event),
            checkpoint.commitTimestamp >= epoch
        else { return nil }
        return checkpoint.transaction
    }

    /// Scans a whole sequence of events (e.g. one binlog file) and returns the first match.
    public static func locate(epoch: UInt32, file: String, events: some Sequence<BinlogEvent>)
        -> TransactionRestartPoint?
    {
        var locator = CommitTimeLocator(epoch: epoch, file: file)
        for event in events {
            if let found = locator.eventDecoded(event) { return found }
        }
        return nil
    }
}
