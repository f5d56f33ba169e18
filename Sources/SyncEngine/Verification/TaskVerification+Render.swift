/// The CLI form of a verification (`tide task verify`, issue 4 item 6): a compact text table with one line per
/// table, then the differing key ranges and sample keys of each differing table.
extension TaskVerification {
    /// Renders the result as text, ending with an overall line.
    public func render() -> String {
        let header = ["TABLE", "SOURCE ROWS", "DEST ROWS", "MISSING", "EXTRA", "DIFFERENT", "RESULT"]
        let rows = tables.map { table -> [String] in
            let keyed = table.method == .keyed
            return [
                table.source.description + (table.source == table.destination ? "" : " -> \(table.destination)"),
                String(table.sourceRows), String(table.destinationRows),
                keyed ? String(table.missing) : "-", keyed ? String(table.extra) : "-",
                keyed ? String(table.different) : "-", table.isEqual ? "OK" : "DIFF",
            ]
        }
        var lines = (notes ?? []).map { "Note: \($0)" }
        if !lines.isEmpty { lines.append("") }
        lines += Self.columns([header] + rows)
        for table in tables where !table.isEqual {
            lines.append("")
            lines.append(contentsOf: Self.details(table))
        }
        lines.append("")
        let differing = tables.filter { !$0.isEqual }.count
        lines.append(
            isEqual
                ? "All \(tables.count) table(s) equal."
                : "\(differing) of \(tables.count) table(s) differ.")
        return lines.joined(separator: "\n")
    }

    private static func details(_ table: TableVerification) -> [String] {
        var lines = ["\(table.source):"]
        if table.method == .multiset {
            lines.append(
                "  no key: compared by row count and checksum (source \(table.sourceChecksum), "
                    + "destination \(table.destinationChecksum))")
            return lines
        }
        if !table.differingRanges.isEmpty {
            let shown = table.differingRanges.count
            let more = table.differingRangeCount > shown ? " (first \(shown) of \(table.differingRangeCount))" : ""
            lines.append("  differing key ranges\(more):")
            for range in table.differingRanges {
                lines.append(
                    "    [\(range.firstKey) .. \(range.lastKey)]  source \(range.sourceRows), destination "
                        + "\(range.destinationRows), missing \(range.missing), extra \(range.extra), "
                        + "different \(range.different)")
            }
        }
        if !table.sampleKeys.isEmpty {
            lines.append("  sample keys:")
            for sample in table.sampleKeys { lines.append("    \(sample.kind.rawValue) \(sample.key)") }
        }
        return lines
    }

    /// Left-aligns the first column and right-aligns the others, two spaces apart.
    private static func columns(_ rows: [[String]]) -> [String] {
        guard let width = rows.first?.count else { return [] }
        let widths = (0..<width).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }
}
