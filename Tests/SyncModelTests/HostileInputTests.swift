import Foundation
import Testing

@testable import SyncModel
import TideTestSupport

/// A seeded mutation fuzzer over the parsers that read user input: every mutated document must either parse or
/// throw a `SyncModelError`; none may crash. Deterministic (fixed seed) so a failure reproduces.
struct HostileInputTests {
    /// The shared seeded generator (Tests/TideTestSupport).
    typealias SeededGenerator = TideTestSupport.SplitMix64

    static let fragments = [
        "", "null", "true", "\"\"", "-1", "0", "1e308", "99999999999999999999", "[]", "{}", "\"\\u0000\"",
        "\"任务\"", "\"' OR 1=1 --\"", "{\"a\":", "]", "}", ",", ":", "\"reader\"", "\"writer\"", "1.5", "\"12\"",
    ]

    static func mutate(_ text: String, using generator: inout SeededGenerator) -> String {
        var characters = Array(text)
        let operations = Int.random(in: 1...4, using: &generator)
        for _ in 0..<operations where !characters.isEmpty {
            let index = Int.random(in: 0..<characters.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: characters.remove(at: index)
            case 1: characters.insert(contentsOf: fragments.randomElement(using: &generator) ?? "", at: index)
            case 2: characters[index] = Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &generator)))
            default:
                let end = min(characters.count, index + Int.random(in: 1...20, using: &generator))
                characters.replaceSubrange(index..<end, with: fragments.randomElement(using: &generator) ?? "")
            }
        }
        return String(characters)
    }

    @Test func mutatedTaskContentNeverCrashes() throws {
        var generator = SeededGenerator(state: 0x7_1DE)
        var accepted = 0
        var rejected = 0
        for _ in 0..<3_000 {
            let input = Self.mutate(TaskContentTests.valid, using: &generator)
            do {
                _ = try TaskContent.parse(input)
                accepted += 1
            } catch {
                #expect(error.field != nil, "error without a field for input \(input)")
                rejected += 1
            }
        }
        #expect(accepted + rejected == 3_000)
        #expect(rejected > 0)
    }

    @Test func mutatedDIJobParametersNeverCrash() throws {
        var generator = SeededGenerator(state: 0xD1_70B)
        for _ in 0..<1_500 {
            var parameters = DIJobSpecTests.captured
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: parameters.tableMappings = Self.mutate(parameters.tableMappings ?? "", using: &generator)
            case 1: parameters.transformationRules = Self.mutate(parameters.transformationRules ?? "", using: &generator)
            case 2: parameters.jobSettings = Self.mutate(parameters.jobSettings ?? "", using: &generator)
            default:
                parameters.sourceDataSourceSettings = Self.mutate(
                    parameters.sourceDataSourceSettings ?? "", using: &generator)
            }
            do {
                _ = try DIJobSpec.parse(parameters)
            } catch {
                #expect(error.code == .invalidSpecification)
            }
        }
    }

    @Test func mutatedConnectionContentNeverCrashesOrLeaks() throws {
        var generator = SeededGenerator(state: 0xC0_4E47)
        let valid = #"{"jdbcUrl":"jdbc:mysql://10.0.0.1:3306/shop","username":"u","password":"Leak-Me-Not"}"#
        for _ in 0..<2_000 {
            let input = Self.mutate(valid, using: &generator)
            for type in DataSourceType.allCases {
                do {
                    let content = try ConnectionContent.parse(input, type: type)
                    #expect(!content.redactedJSON(for: type).jsonText.contains("Leak-Me-Not"))
                } catch {
                    #expect(!error.message.contains("Leak-Me-Not"))
                }
            }
        }
    }

    @Test func deepNestingIsRejectedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: SyncModelError.self) { try TaskContent.parse(deep) }
        let deepObject = String(repeating: "{\"a\":", count: 50_000) + "1" + String(repeating: "}", count: 50_000)
        #expect(throws: SyncModelError.self) { try TaskContent.parse(deepObject) }
    }

    @Test func hugeAndOddNumbersAreRejected() {
        for number in ["1e300", "-3", "99999999999999999999999", "2.5", "\"0x10\"", "true"] {
            let text = TaskContentTests.valid.replacingOccurrences(of: "\"concurrent\":2", with: "\"concurrent\":\(number)")
            #expect(throws: SyncModelError.self, "concurrent \(number)") { try TaskContent.parse(text) }
        }
    }
}
