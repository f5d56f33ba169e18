import ArgumentParser
import Foundation

extension TaskCommand {
    /// `tide task wait ID`: polls GetDIJob and draws a progress bar until the task finishes, fails or pauses, or
    /// (real-time tasks) until change capture has begun; `--follow` keeps showing applied changes and lag.
    struct Wait: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow a running task with a live progress bar until it finishes, fails, stops or streams.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Task id.") var id: Int64
        @Option(help: "Give up after this many seconds (0 waits for ever; with --follow, stop following).")
        var timeout = 0.0
        @Flag(help: "While the task streams changes, keep showing changes applied and lag (until --timeout).")
        var follow = false
        @Option(help: "While streaming, return once no change was applied for this many seconds (caught up).")
        var untilIdle: Double?

        func run() async throws {
            let client = try options.client()
            let started = Date()
            var lastLine = ""
            var lastWritten: Int64 = -1
            var lastChange = Date()
            while true {
                let (object, _) = try await client.call("GetDIJob", ["DIJobId": String(id)])
                let data = object["Data"] as? [String: Any] ?? [:]
                let stats = data["RunStats"] as? [String: String] ?? [:]
                let status = data["JobStatus"] as? String ?? "?"
                let drs = stats["DrsStatus"] ?? "?"
                let written = Int64(stats["RowsWritten"] ?? "") ?? 0
                if written != lastWritten {
                    lastWritten = written
                    lastChange = Date()
                }
                let streaming = drs == "INCRE_TRANSFER_STARTED"
                let line =
                    streaming
                    ? "streaming: \(written) rows and changes applied, lag \(stats["DelayMillis"] ?? "?") ms, "
                        + "\(Int(Date().timeIntervalSince(started))) s"
                    : ProgressLine.render(
                        percent: Double(stats["Percent"] ?? "") ?? 0, rows: Int64(stats["RowsRead"] ?? "") ?? 0,
                        bytes: Int64(stats["BytesWritten"] ?? "") ?? 0, eta: Int64(stats["EtaSeconds"] ?? ""),
                        status: drs, elapsed: Date().timeIntervalSince(started))
                if line != lastLine {
                    FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
                    lastLine = line
                }
                let caughtUp = untilIdle.map { streaming && Date().timeIntervalSince(lastChange) >= $0 } ?? false
                let streamingDone = streaming && !follow && untilIdle == nil
                let followDone = streaming && follow && timeout > 0 && Date().timeIntervalSince(started) > timeout
                if ["Finished", "Failed", "Stopped"].contains(status)
                    || (drs == "FULL_TRANSFER_COMPLETE" && data["MigrationType"] as? String == "Full")
                    || drs.hasSuffix("FAILED") || drs == "PAUSING" || streamingDone || caughtUp || followDone
                {
                    FileHandle.standardError.write(Data("\n".utf8))
                    print("task \(id): \(status) (\(drs))")
                    if let message = data["ErrorMessage"] as? String, !message.isEmpty { print("error: \(message)") }
                    if status == "Failed" || drs.hasSuffix("FAILED") { throw ExitCode(2) }
                    return
                }
                if timeout > 0, Date().timeIntervalSince(started) > timeout {
                    FileHandle.standardError.write(Data("\n".utf8))
                    throw ValidationError("task \(id) still \(drs) after \(Int(timeout)) s")
                }
                // Short copies end within seconds: poll often at first, so the wait (and any timing built on
                // it, such as bench/snapshot/run.sh) ends close to the task; then every half second.
                let pollInterval: Duration = Date().timeIntervalSince(started) < 10 ? .milliseconds(100) : .milliseconds(500)
                try await Task.sleep(for: pollInterval)
            }
        }
    }

    /// `tide task verify ID`: compares source and destination table by table (API action VerifyDIJob).
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare a task's destination with its source, table by table, by chunked checksums.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Task id.") var id: Int64

        func run() async throws {
            let (object, raw) = try await options.client().call(
                "VerifyDIJob", ["DIJobId": String(id)], timeout: 6 * 3600)
            let data = object["Data"] as? [String: Any] ?? [:]
            if options.json {
                print(String(decoding: raw, as: UTF8.self))
            } else {
                print(data["Text"] as? String ?? "")
            }
            if (data["IsEqual"] as? Bool) != true { throw ExitCode(3) }
        }
    }

    /// `tide task dirty ID`: the rows the destination refused (API action ListDIJobDirtyRecords).
    struct Dirty: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rows the destination refused.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Task id.") var id: Int64
        @Option(help: "How many of the newest records to show (at most 1000).") var limit = 100

        func run() async throws {
            let (object, raw) = try await options.client().call(
                "ListDIJobDirtyRecords", ["DIJobId": String(id), "PageSize": String(limit)])
            let data = object["Data"] as? [String: Any] ?? [:]
            let records = data["DirtyRecords"] as? [[String: Any]] ?? []
            let rows = records.map { record in
                [Output.text(record["Table"]), ((record["Key"] as? [String]) ?? []).joined(separator: ", "),
                 Output.text(record["Reason"])]
            }
            Output.show(json: options.json, raw: raw, headers: ["TABLE", "KEY", "REASON"], rows: rows)
            if !options.json { print("total dirty records: \(Output.text(data["TotalCount"]))") }
        }
    }
}

/// One line of the live progress display: `[#####.....]  42.0%  1,234,567 rows  210 MB  ETA 0:12  FULL_...`.
enum ProgressLine {
    static func render(percent: Double, rows: Int64, bytes: Int64, eta: Int64?, status: String, elapsed: Double)
        -> String
    {
        let width = 30
        let filled = max(0, min(width, Int((percent / 100 * Double(width)).rounded(.down))))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let rate = elapsed > 0 ? Double(rows) / elapsed : 0
        var line = "[\(bar)] \(String(format: "%5.1f", percent))%  \(grouped(rows)) rows read"
        line += "  \(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB committed"
        if rate > 0 { line += "  \(grouped(Int64(rate))) rows/s" }
        if let eta, percent < 100 { line += "  ETA \(eta / 60):\(String(format: "%02d", eta % 60))" }
        return line + "  \(status)"
    }

    static func grouped(_ value: Int64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
