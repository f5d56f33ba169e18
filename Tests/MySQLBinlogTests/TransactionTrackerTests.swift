import MySQLBinlog
import NIOCore
import Testing

struct TransactionTrackerTests {
    @Test func checkpointsOnlyAtCommitsOfTheBasicFixture() throws {
        var tracker = TransactionTracker(file: "mysql-bin.000002")
        var actions: [TransactionTracker.Action] = []
        for event in try Fixture.events("basic") {
            if let action = tracker.eventDecoded(event) { actions.append(action) }
        }
        let commits = actions.compactMap { if case .committed(let c) = $0 { c } else { nil } }
        // 8 GTIDs: 4 DDL (standalone) + 4 DML transactions, each committed once.
        #expect(commits.map { $0.transaction.gtid?.description } == (1...8).map { "0-1-\($0)" })
        // The first DML transaction starts at its GTID event (864) and resumes after its XID (1143).
        let dml = commits[3]
        #expect(dml.transaction.position == BinlogPosition(file: "mysql-bin.000002", position: 864))
        #expect(dml.resume == BinlogPosition(file: "mysql-bin.000002", position: 1143))
        #expect(commits.last?.mariaDBGTIDs.description == "0-1-8")
        #expect(tracker.open == nil)
        #expect(tracker.file == "mysql-bin.000003")
    }

    @Test func commitTimeLocatorFindsTheFirstCommitAtOrAfterTheEpoch() throws {
        let events = try Fixture.events("basic")
        let first = events[0].header.timestamp
        let found = CommitTimeLocator.locate(epoch: first, file: "mysql-bin.000002", events: events)
        #expect(found?.gtid?.description == "0-1-1")
        #expect(found?.position == BinlogPosition(file: "mysql-bin.000002", position: 371))
        #expect(CommitTimeLocator.locate(epoch: first + 1_000_000, file: "mysql-bin.000002", events: events) == nil)
    }

    @Test func mysqlFlavourGTIDThenBeginThenXID() {
        func header(_ type: BinlogEventType, next: UInt32, size: UInt32 = 10) -> BinlogEventHeader {
            BinlogEventHeader(timestamp: 5, typeCode: type.rawValue, serverID: 1, eventSize: size, nextPosition: next, flags: 0)
        }
        let uuid = UUIDBytes("3e11fa47-71ca-11e1-9e33-c80aa9429562")!
        var tracker = TransactionTracker(file: "binlog.000001", mysqlGTIDs: GTIDSet("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-4")!)
        let status = QueryStatusVariables()
        #expect(tracker.eventDecoded(.gtid(header(.gtid, next: 200), GTIDEvent(isAnonymous: false, flags: 0, sourceID: uuid, transactionNumber: 5)))
            == .began(TransactionRestartPoint(position: BinlogPosition(file: "binlog.000001", position: 190), gtid: .mysql(uuid, 5))))
        #expect(tracker.eventDecoded(.query(header(.query, next: 250), QueryEvent(threadID: 1, executionTime: 0, errorCode: 0, database: "d", query: "BEGIN", status: status))) != nil)
        #expect(tracker.eventDecoded(.query(header(.query, next: 300), QueryEvent(threadID: 1, executionTime: 0, errorCode: 0, database: "d", query: "INSERT INTO t VALUES (1)", status: status))) == nil)
        guard case .committed(let checkpoint) = tracker.eventDecoded(.xid(header(.xid, next: 331), XIDEvent(xid: 9))) else {
            Issue.record("XID did not commit")
            return
        }
        #expect(checkpoint.resume == BinlogPosition(file: "binlog.000001", position: 331))
        #expect(checkpoint.mysqlGTIDs.description == "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5")
    }
}
