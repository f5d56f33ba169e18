import Foundation
import SyncModel
import Testing

/// `StartPosition` syntax and `StartSettings.startPosition` (issue 5 item 4: file:position and GTID start
/// positions).
@Suite struct StartPositionTests {
    @Test func fileAndPositionParse() {
        #expect(StartPosition(parsing: "mysql-bin.000012:1234") == .file(name: "mysql-bin.000012", offset: 1234))
        #expect(StartPosition(parsing: " binlog.000001:4 ") == .file(name: "binlog.000001", offset: 4))
        #expect(StartPosition(parsing: "mysql-bin.000012:1234")?.text == "mysql-bin.000012:1234")
    }

    @Test func gtidSetsParseInEachFlavour() {
        let uuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562"
        #expect(StartPosition(parsing: "\(uuid):1-5") == .mysqlGTIDs("\(uuid):1-5"))
        #expect(
            StartPosition(parsing: "\(uuid):1-5:7, 4e11fa47-71ca-11e1-9e33-c80aa9429562:9")
                == .mysqlGTIDs("\(uuid):1-5:7,4e11fa47-71ca-11e1-9e33-c80aa9429562:9"))
        #expect(StartPosition(parsing: "0-1-42") == .mariaDBGTIDs("0-1-42"))
        #expect(StartPosition(parsing: "0-1-42,1-2-7") == .mariaDBGTIDs("0-1-42,1-2-7"))
    }

    @Test func wrongSyntaxIsRefused() {
        for text in [
            "", "   ", "mysql-bin.000012", "mysql-bin.000012:", ":1234", "mysql-bin.000012:12x", "mysql-bin.000012:3",
            "a:b:1234", "../etc/passwd:4", "0-1", "0-1-x", "0-1-42,", "3e11fa47-71ca-11e1-9e33-c80aa9429562:5-1",
            "3e11fa47-71ca-11e1-9e33-c80aa942956:1-5", "3e11fa47-71ca-11e1-9e33-c80aa9429562:",
            "mysql-bin.1:99999999999999999999999",
        ] {
            #expect(StartPosition(parsing: text) == nil, "\(text)")
        }
    }

    @Test func settingsKeepTheNormalisedPosition() throws {
        let settings = try StartSettings(startPosition: " mysql-bin.000002:120 ")
        #expect(settings.startPosition == "mysql-bin.000002:120")
        #expect(try StartSettings(startPosition: "").startPosition == nil)
        #expect(StartSettings.default.startPosition == nil)
    }

    @Test func badSyntaxNamesTheFieldAndTheAcceptedForms() {
        do {
            _ = try StartSettings(startPosition: "mysql-bin.000002")
            Issue.record("accepted a position without an offset")
        } catch {
            #expect(error.code == .invalidParameter)
            #expect(error.field == "RealtimeStartSettings.StartPosition")
            #expect(error.message.contains("'mysql-bin.000002' is not FILE:POS"), "\(error.message)")
        }
    }

    @Test func startTimeAndStartPositionAreExclusive() {
        do {
            _ = try StartSettings(startOffsetTime: Date(timeIntervalSince1970: 1_700_000_000), startPosition: "0-1-5")
            Issue.record("accepted both")
        } catch {
            #expect(error.code == .invalidParameter)
            #expect(
                error.message
                    == "RealtimeStartSettings.StartTime and RealtimeStartSettings.StartPosition are exclusive; give one"
                    + " of them")
        }
        #expect(throws: SyncModelError.self) {
            try StartSettings.checkedStartPosition(
                "0-1-5", startTime: Date(), positionField: "start_position", timeField: "start_time")
        }
    }

    @Test func oldStoredSettingsDecodeWithoutAPosition() throws {
        let json = #"{"forceRerun":false}"#
        let settings = try JSONDecoder().decode(StartSettings.self, from: Data(json.utf8))
        #expect(settings.startPosition == nil)
        let round = try JSONDecoder().decode(
            StartSettings.self, from: try JSONEncoder().encode(try StartSettings(startPosition: "0-1-9")))
        #expect(round.startPosition == "0-1-9")
    }
}
