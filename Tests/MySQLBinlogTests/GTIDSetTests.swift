import Foundation
import MySQLBinlog
import Testing

struct GTIDSetTests {
    let a = "3e11fa47-71ca-11e1-9e33-c80aa9429562"
    let b = "a7c2b1d0-0000-4000-8000-000000000001"

    @Test func parsesMergesAndFormats() throws {
        let set = try #require(GTIDSet("\(b):7, \(a):1-3:5:4:9-10"))
        #expect(set.description == "\(a):1-5:9-10,\(b):7")
        #expect(set.contains(UUIDBytes(a)!, 4))
        #expect(!set.contains(UUIDBytes(a)!, 6))
        #expect(GTIDSet("\(a):0") == nil)
        #expect(GTIDSet("nonsense:1") == nil)
    }

    @Test func unionAndContainment() throws {
        let left = try #require(GTIDSet("\(a):1-5"))
        let right = try #require(GTIDSet("\(a):6-8,\(b):1"))
        let union = left.union(right)
        #expect(union.description == "\(a):1-8,\(b):1")
        #expect(union.contains(left))
        #expect(!left.contains(union))
    }

    @Test func mariaDBPositionsKeepTheHighestSequencePerDomain() throws {
        var set = try #require(MariaDBGTIDSet("0-1-8,1-2-40"))
        set.insert(MariaDBGTID(domainID: 0, serverID: 1, sequence: 7))
        set.insert(MariaDBGTID(domainID: 0, serverID: 3, sequence: 9))
        #expect(set.description == "0-3-9,1-2-40")
        #expect(set.contains(MariaDBGTID(domainID: 1, serverID: 2, sequence: 40)))
        #expect(!set.contains(MariaDBGTID(domainID: 2, serverID: 1, sequence: 1)))
        #expect(MariaDBGTIDSet("0-1") == nil)
    }

    @Test func positionsOrderByFileSequenceAndRoundTripAsJSON() throws {
        let early = BinlogPosition(file: "mysql-bin.000009", position: 900)
        let late = BinlogPosition(file: "mysql-bin.000010", position: 4)
        #expect(early < late)
        #expect(BinlogPosition(file: "mysql-bin.000010", position: 5) > late)
        let point = TransactionRestartPoint(position: late, gtid: .mysql(UUIDBytes(a)!, 3))
        let data = try JSONEncoder().encode(point)
        #expect(try JSONDecoder().decode(TransactionRestartPoint.self, from: data) == point)
        let set = try #require(GTIDSet("\(a):1-3"))
        #expect(try JSONDecoder().decode(GTIDSet.self, from: JSONEncoder().encode(set)) == set)
    }
}
