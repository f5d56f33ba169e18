import Foundation
import Testing

@testable import SyncModel

/// Parsing and validation of DataX-style TaskContent, against the seed's example and hostile variants.
struct TaskContentTests {
    /// The TaskContent example of /work/shared/seeds/dataworks-CreateDISyncTask.txt, read at test time.
    static func seedExample() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let seed = try String(
            contentsOf: root.appendingPathComponent("shared/seeds/dataworks-CreateDISyncTask.txt"), encoding: .utf8)
        let line = try #require(seed.split(separator: "\n").first { $0.hasPrefix("TaskContent |") })
        let cells = line.split(separator: "|", omittingEmptySubsequences: false)
        let json = try #require(cells.first { $0.contains("\"steps\"") })
        return json.trimmingCharacters(in: .whitespaces)
    }

    static let valid = """
        {"type":"job","version":"2.0","steps":[
        {"stepType":"mysql","name":"Reader","category":"reader","parameter":{"datasource":"src","table":["t"]}},
        {"stepType":"postgresql","name":"Writer","category":"writer","parameter":{"datasource":"dst","table":"t"}}],
        "setting":{"errorLimit":{"record":"0"},"speed":{"throttle":true,"concurrent":2,"mbps":"12"}},
        "order":{"hops":[{"from":"Reader","to":"Writer"}]}}
        """

    @Test func parsesSeedExample() throws {
        let content = try TaskContent.parse(try Self.seedExample())
        #expect(content.steps.count == 2)
        #expect(content.reader?.stepType == "mysql")
        #expect(content.reader?.dataSourceName == "mysql_pub")
        #expect(content.writer?.stepType == "odps")
        #expect(content.hops == [TaskContent.Hop(from: "Reader", to: "Writer")])
        #expect(content.speed.concurrent == 2)
        #expect(content.speed.throttle == false)
        #expect(content.errorLimitRecord == nil)
    }

    @Test func parsesQuotedNumbers() throws {
        let content = try TaskContent.parse(Self.valid)
        #expect(content.speed.mbps == 12)
        #expect(content.errorLimitRecord == 0)
        #expect(content.writer?.dataSourceName == "dst")
    }

    static func field(of text: String) -> String? {
        do {
            _ = try TaskContent.parse(text)
            return nil
        } catch {
            #expect(error.code == .invalidSpecification)
            return error.field
        }
    }

    static func replacing(_ old: String, _ new: String) -> String {
        valid.replacingOccurrences(of: old, with: new)
    }

    @Test func rejectsMalformedJSON() {
        #expect(Self.field(of: "{\"steps\": [") == "TaskContent")
        #expect(Self.field(of: "") == "TaskContent")
        #expect(Self.field(of: "[1,2]") == "TaskContent")
        #expect(Self.field(of: "a*b~c'd(e)!f+g=h&i%j") == "TaskContent")
    }

    @Test func namesTheOffendingField() {
        #expect(Self.field(of: Self.replacing("\"category\":\"writer\"", "\"category\":\"sink\"")) == "steps[1].category")
        #expect(Self.field(of: Self.replacing("\"stepType\":\"mysql\",", "")) == "steps[0].stepType")
        #expect(Self.field(of: Self.replacing("\"name\":\"Writer\"", "\"name\":\"Reader\"")) == "steps[1].name")
        #expect(Self.field(of: Self.replacing("\"to\":\"Writer\"", "\"to\":\"Nowhere\"")) == "order.hops[0].to")
        #expect(Self.field(of: Self.replacing("\"from\":\"Reader\"", "\"from\":\"Ghost\"")) == "order.hops[0].from")
        #expect(Self.field(of: Self.replacing("\"concurrent\":2", "\"concurrent\":0")) == "setting.speed.concurrent")
        #expect(Self.field(of: Self.replacing("\"concurrent\":2", "\"concurrent\":\"many\"")) == "setting.speed.concurrent")
        #expect(Self.field(of: Self.replacing("\"throttle\":true", "\"throttle\":\"maybe\"")) == "setting.speed.throttle")
        #expect(Self.field(of: Self.replacing(",\"mbps\":\"12\"", "")) == "setting.speed.mbps")
        #expect(Self.field(of: Self.replacing("\"record\":\"0\"", "\"record\":-5")) == "setting.errorLimit.record")
        #expect(Self.field(of: Self.replacing("\"parameter\":{\"datasource\":\"src\",\"table\":[\"t\"]}", "\"parameter\":[]")) == "steps[0].parameter")
        #expect(Self.field(of: Self.replacing("\"hops\":[{\"from\":\"Reader\",\"to\":\"Writer\"}]", "\"hops\":[]")) == "order.hops")
        #expect(Self.field(of: Self.replacing("\"category\":\"reader\"", "\"category\":\"writer\"")) == "steps")
    }

    @Test func requiresStepsAndOrder() {
        #expect(Self.field(of: "{\"type\":\"job\"}") == "steps")
        #expect(Self.field(of: "{\"steps\":[]}") == "steps")
        #expect(Self.field(of: "{\"steps\":\"x\"}") == "steps")
        let noOrder = """
            {"steps":[{"stepType":"mysql","name":"R","category":"reader"},{"stepType":"mysql","name":"W","category":"writer"}]}
            """
        #expect(Self.field(of: noOrder) == "order")
    }

    @Test func disyncRealtimeContentMustBeAnObject() throws {
        #expect(throws: SyncModelError.self) { try JobSpecification.parseDISync("[1]", kind: .diRealtime) }
        let spec = try JobSpecification.parseDISync("{\"extend\":{\"mode\":\"wizard\"}}", kind: .diRealtime)
        #expect(spec.contentJSON == "{\"extend\":{\"mode\":\"wizard\"}}")
    }
}

extension TaskContentTests {
    @Test func tableNamesFromEverySpecForm() throws {
        let seed = try JobSpecification.taskContent(TaskContent.parse(try Self.seedExample()))
        #expect(seed.tableNames == ["u_pk"])
        let valid = try JobSpecification.taskContent(TaskContent.parse(Self.valid))
        #expect(valid.tableNames == ["t"])
        let diJob = try JobSpecification.diJob(DIJobSpec.parse(DIJobSpecTests.captured))
        #expect(diJob.tableNames == ["orders"])
        #expect(JobSpecification.drs(objects: ["a", "b", "a"]).tableNames == ["a", "b"])
    }
}
