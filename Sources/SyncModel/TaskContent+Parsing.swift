/// Parsing and validation of TaskContent; every error names the offending field (`steps[1].category`).
extension TaskContent {
    /// Parses and validates TaskContent JSON text.
    public static func parse(_ text: String) throws(SyncModelError) -> TaskContent {
        try parse(JSONValue.parse(text, field: "TaskContent"))
    }

    /// Validates decoded TaskContent.
    public static func parse(_ value: JSONValue) throws(SyncModelError) -> TaskContent {
        guard let root = value.objectValue else {
            throw SyncModelError.spec("TaskContent", "must be a JSON object, got \(value.typeName)")
        }
        let type = try optionalString(root["type"], field: "TaskContent.type") ?? "job"
        let version = try optionalString(root["version"], field: "TaskContent.version") ?? "2.0"
        let steps = try parseSteps(root["steps"])
        let hops = try parseHops(root["order"], steps: steps)
        let (speed, errorLimit) = try parseSetting(root["setting"])
        return TaskContent(
            type: type, version: version, steps: steps, hops: hops, speed: speed, errorLimitRecord: errorLimit)
    }

    private static func parseSteps(_ value: JSONValue?) throws(SyncModelError) -> [Step] {
        guard let value else { throw SyncModelError.spec("steps", "is required") }
        guard let elements = value.arrayValue else { throw SyncModelError.spec("steps", "must be an array") }
        guard !elements.isEmpty else { throw SyncModelError.spec("steps", "must not be empty") }
        var steps: [Step] = []
        var names: Set<String> = []
        for (index, element) in elements.enumerated() {
            let field = "steps[\(index)]"
            guard let members = element.objectValue else { throw SyncModelError.spec(field, "must be an object") }
            guard let stepType = members["stepType"]?.stringValue, !stepType.isEmpty else {
                throw SyncModelError.spec("\(field).stepType", "is required and must be a non-empty string")
            }
            guard let name = members["name"]?.stringValue, !name.isEmpty else {
                throw SyncModelError.spec("\(field).name", "is required and must be a non-empty string")
            }
            guard names.insert(name).inserted else {
                throw SyncModelError.spec("\(field).name", "duplicates the step name \"\(name)\"")
            }
            guard let rawCategory = members["category"]?.stringValue,
                let category = Category(rawValue: rawCategory.lowercased())
            else {
                throw SyncModelError.spec("\(field).category", "must be \"reader\" or \"writer\"")
            }
            var parameter: [String: JSONValue] = [:]
            if let rawParameter = members["parameter"] {
                guard let object = rawParameter.objectValue else {
                    throw SyncModelError.spec("\(field).parameter", "must be an object")
                }
                parameter = object
            }
            steps.append(
                Step(stepType: stepType.lowercased(), name: name, category: category, parameter: parameter))
        }
        guard steps.contains(where: { $0.category == .reader }) else {
            throw SyncModelError.spec("steps", "needs a step with category \"reader\"")
        }
        guard steps.contains(where: { $0.category == .writer }) else {
            throw SyncModelError.spec("steps", "needs a step with category \"writer\"")
        }
        return steps
    }

    private static func parseHops(_ order: JSONValue?, steps: [Step]) throws(SyncModelError) -> [Hop] {
        guard let order else { throw SyncModelError.spec("order", "is required") }
        guard order.objectValue != nil else { throw SyncModelError.spec("order", "must be an object") }
        guard let rawHops = order["hops"] else { throw SyncModelError.spec("order.hops", "is required") }
        guard let elements = rawHops.arrayValue, !elements.isEmpty else {
            throw SyncModelError.spec("order.hops", "must be a non-empty array")
        }
        let names = Set(steps.map(\.name))
        var hops: [Hop] = []
        for (index, element) in elements.enumerated() {
            let field = "order.hops[\(index)]"
            guard element.objectValue != nil else { throw SyncModelError.spec(field, "must be an object") }
            guard let from = element["from"]?.stringValue else {
                throw SyncModelError.spec("\(field).from", "is required and must be a string")
            }
            guard let to = element["to"]?.stringValue else {
                throw SyncModelError.spec("\(field).to", "is required and must be a string")
            }
            guard names.contains(from) else {
                throw SyncModelError.spec("\(field).from", "names no step (\"\(from)\")")
            }
            guard names.contains(to) else { throw SyncModelError.spec("\(field).to", "names no step (\"\(to)\")") }
            guard from != to else { throw SyncModelError.spec(field, "must connect two different steps") }
            hops.append(Hop(from: from, to: to))
        }
        return hops
    }

    private static func parseSetting(_ value: JSONValue?) throws(SyncModelError) -> (Speed, Int?) {
        guard let value, value != .null else { return (Speed(concurrent: nil, throttle: false, mbps: nil), nil) }
        guard value.objectValue != nil else { throw SyncModelError.spec("setting", "must be an object") }
        var speed = Speed(concurrent: nil, throttle: false, mbps: nil)
        if let rawSpeed = value["speed"], rawSpeed != .null {
            guard rawSpeed.objectValue != nil else { throw SyncModelError.spec("setting.speed", "must be an object") }
            if let concurrent = rawSpeed["concurrent"], concurrent != .null {
                guard let number = concurrent.lenientInt, (1...1024).contains(number) else {
                    throw SyncModelError.spec("setting.speed.concurrent", "must be an integer from 1 to 1024")
                }
                speed.concurrent = number
            }
            if let throttle = rawSpeed["throttle"], throttle != .null {
                guard let flag = throttle.lenientBool else {
                    throw SyncModelError.spec("setting.speed.throttle", "must be a boolean")
                }
                speed.throttle = flag
            }
            if let mbps = rawSpeed["mbps"], mbps != .null, mbps != .string("") {
                guard let number = mbps.lenientInt, (1...100_000).contains(number) else {
                    throw SyncModelError.spec("setting.speed.mbps", "must be a positive integer")
                }
                speed.mbps = number
            }
            if speed.throttle, speed.mbps == nil {
                throw SyncModelError.spec("setting.speed.mbps", "is required when setting.speed.throttle is true")
            }
        }
        var errorLimit: Int?
        if let rawLimit = value["errorLimit"], rawLimit != .null {
            guard rawLimit.objectValue != nil else {
                throw SyncModelError.spec("setting.errorLimit", "must be an object")
            }
            if let record = rawLimit["record"], record != .null, record != .string("") {
                guard let number = record.lenientInt, number >= 0 else {
                    throw SyncModelError.spec("setting.errorLimit.record", "must be a non-negative integer")
                }
                errorLimit = number
            }
        }
        return (speed, errorLimit)
    }

    private static func optionalString(_ value: JSONValue?, field: String) throws(SyncModelError) -> String? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue else { throw SyncModelError.spec(field, "must be a string") }
        return text
    }
}
