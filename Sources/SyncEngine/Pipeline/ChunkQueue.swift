/// The chunks still to copy, handed out one at a time to the run's workers (largest tables' chunks interleave
/// with the others in plan order, so every worker stays busy until the end).
actor ChunkQueue {
    struct Item: Sendable {
        var planIndex: Int
        var chunk: ChunkRange
    }

    private var items: [Item]
    private var next = 0

    init(_ items: [Item]) { self.items = items }

    /// The next chunk, or nil when all were handed out.
    func take() -> Item? {
        guard next < items.count else { return nil }
        defer { next += 1 }
        return items[next]
    }

    /// How many chunks this run copies.
    var count: Int { items.count }
}
