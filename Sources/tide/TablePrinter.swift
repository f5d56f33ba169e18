import Foundation

/// Prints rows as an aligned text table, or the raw JSON response with `--json`.
enum Output {
    /// Prints `raw` when `json`, else the table.
    static func show(json: Bool, raw: Data, headers: [String], rows: [[String]]) {
        if json {
            print(String(decoding: raw, as: UTF8.self))
            return
        }
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        print(line(headers))
        for row in rows { print(line(row)) }
    }

    /// A JSON scalar as text.
    static func text(_ value: Any?) -> String {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        case nil: ""
        default: String(describing: value ?? "")
        }
    }
}
