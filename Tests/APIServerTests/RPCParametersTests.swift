@testable import APIServer
import Testing

/// Parameter extraction: form decoding, SDK booleans, integer bounds, JSON-in-form fields.
struct RPCParametersTests {
    @Test func formDecodingFollowsPythonURLEncode() throws {
        let pairs = try FormURLEncoding.decode("TaskName=orders+sync%2F%E4%BB%BB%E5%8A%A1+%231&Empty=&Flag")
        #expect(pairs.map(\.0) == ["TaskName", "Empty", "Flag"])
        #expect(pairs[0].1 == "orders sync/任务 #1")
        #expect(pairs[1].1 == "")
        #expect(pairs[2].1 == "")
    }

    @Test(arguments: ["a=%", "a=%4", "a=%zz", "a=%FF%FE"])
    func malformedEscapesAreTypedErrors(text: String) {
        #expect(throws: APIError.self) { try FormURLEncoding.decode(Substring(text)) }
    }

    @Test func bodyWinsOverQuery() {
        let params = RPCParameters(query: [("PageSize", "5")], form: [("PageSize", "7")])
        #expect(params.string("PageSize") == "7")
    }

    @Test(arguments: [("True", true), ("true", true), ("FALSE", false), ("False", false)])
    func booleansAreCaseInsensitive(text: String, value: Bool) throws {
        #expect(try RPCParameters(query: [("ForceToRerun", text)], form: []).bool("ForceToRerun") == value)
    }

    @Test func badBooleanNamesTheParameter() {
        let params = RPCParameters(query: [("ForceToRerun", "yes")], form: [])
        #expect { try params.bool("ForceToRerun") } throws: { ($0 as? APIError)?.message.contains("ForceToRerun") == true }
    }

    @Test func integersAreBounded() throws {
        let params = RPCParameters(query: [("A", "10"), ("B", "1000000000000"), ("C", "x"), ("D", " 3 ")], form: [])
        #expect(try params.int("A", in: 1...100) == 10)
        #expect(throws: APIError.self) { try params.int("B", in: 1...100) }
        #expect(throws: APIError.self) { try params.int("C") }
        #expect(try params.int("D") == 3)
        #expect(try params.int("Missing") == nil)
        #expect(throws: APIError.self) { try params.requiredInt("Missing") }
    }

    @Test func pageRequestDefaultsAndLimits() throws {
        let defaults = try PageRequest(RPCParameters(query: [], form: []))
        #expect(defaults.number == 1 && defaults.size == 10)
        for size in ["0", "-1", "101", "1000000000000"] {
            #expect(throws: APIError.self) { try PageRequest(RPCParameters(query: [("PageSize", size)], form: [])) }
        }
        #expect(throws: APIError.self) { try PageRequest(RPCParameters(query: [("PageNumber", "0")], form: [])) }
    }

    @Test func jsonFieldsNameTheField() {
        let params = RPCParameters(query: [], form: [("Policy", "[1,")])
        #expect { try params.json("Policy", as: [String].self) } throws: {
            ($0 as? APIError)?.message.contains("Policy") == true
        }
    }
}
