#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// One source row in Tide's interchange form: one value per column of the table plan, nil for SQL NULL.
///
/// Values are the bytes MySQL's text protocol sends for the column ("Text Resultset Row"), read with
/// `SET NAMES utf8mb4` and `time_zone = '+00:00'`:
/// - integers, DECIMAL: decimal digits (`-12`, `18446744073709551615`, `-0.50`); FLOAT/DOUBLE: shortest text;
/// - DATE `YYYY-MM-DD`, DATETIME/TIMESTAMP `YYYY-MM-DD HH:MM:SS[.ffffff]` (TIMESTAMP in UTC), TIME
///   `[-]H..H:MM:SS[.ffffff]`, YEAR `YYYY`; zero dates as `0000-00-00[ 00:00:00]`;
/// - CHAR/VARCHAR/TEXT/ENUM/SET/JSON: UTF-8 text; BINARY/VARBINARY/BLOB: raw bytes; BIT(n): the value as
///   big-endian bytes, (n+7)/8 of them; GEOMETRY: MySQL's internal form (4-byte little-endian SRID + WKB).
///
/// Storage: the values' bytes lie in one `ByteBuffer` that many rows usually share (the packet a row arrived in, the
/// buffer one binlog rows event was converted into), and where each value lies is one `ValueSpan` in an array that
/// rows of one batch or event also share. Making, copying and dropping a row therefore costs two reference counts
/// whatever its width, and no allocation: the `[ByteBuffer?]` this replaced cost an array and one reference count
/// per value, which was a quarter of change capture's CPU (Benchmarks/BinlogDecode/README.md). Hot code reads values
/// through `withValue(at:_:)` / `isNull(at:)`; `subscript` and `values` make slices for everything else.
/// The binlog path (issue 5) converts decoded values into the same form so that sinks have one input.
public struct Row: Sendable, Hashable {
    /// The buffer the values lie in (its readable bytes; offsets are relative to its reader index).
    public let storage: ByteBuffer
    /// One span per plan column, in order.
    public let spans: ArraySlice<ValueSpan>

    /// A row over `storage` whose values lie at `spans` (offsets from `storage.readerIndex`). Producers make spans
    /// within the readable bytes; one that is not reads as NULL (every accessor checks).
    public init(storage: ByteBuffer, spans: ArraySlice<ValueSpan>) {
        self.storage = storage
        self.spans = spans
    }

    /// Creates a row by copying `values` into one buffer (tests and cold paths; producers on the hot path share
    /// buffers instead).
    public init(values: [ByteBuffer?]) {
        var total = 0
        for value in values { total += value?.readableBytes ?? 0 }
        var storage = ByteBufferAllocator().buffer(capacity: total)
        var spans: [ValueSpan] = []
        spans.reserveCapacity(values.count)
        for value in values {
            guard var value else {
                spans.append(.null)
                continue
            }
            spans.append(ValueSpan(offset: storage.writerIndex, length: value.readableBytes))
            storage.writeBuffer(&value)
        }
        self.init(storage: storage, spans: spans[...])
    }

    /// The number of values (plan columns).
    @inlinable public var count: Int { spans.count }

    /// Whether value `index` is SQL NULL (or `index` is out of range).
    @inlinable public func isNull(at index: Int) -> Bool {
        guard index >= 0, index < spans.count else { return true }
        return spans[spans.startIndex &+ index].isNull
    }

    /// Calls `body` with the bytes of value `index`, or nil for NULL (and an index out of range), without retaining
    /// or copying anything.
    @inlinable public func withValue<R>(at index: Int, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        guard index >= 0, index < spans.count else { return try body(nil) }
        let span = spans[spans.startIndex &+ index]
        guard !span.isNull else { return try body(nil) }
        return try storage.withUnsafeReadableBytes { all in
            let start = Int(span.offset)
            let end = start &+ Int(span.length)
            guard end <= all.count else { return try body(nil) }
            return try body(UnsafeRawBufferPointer(rebasing: all[start..<end]))
        }
    }

    /// Calls `body` with every value in order (nil for NULL) inside one access to the storage.
    @inlinable public func forEachValue(_ body: (Int, UnsafeRawBufferPointer?) throws -> Void) rethrows {
        try storage.withUnsafeReadableBytes { all in
            var index = 0
            for span in spans {
                let end = Int(span.offset) &+ Int(span.length)
                if span.isNull || end > all.count {
                    try body(index, nil)
                } else {
                    try body(index, UnsafeRawBufferPointer(rebasing: all[Int(span.offset)..<end]))
                }
                index &+= 1
            }
        }
    }

    /// Value `index` as a slice of the storage, nil for NULL or an index out of range.
    public subscript(index: Int) -> ByteBuffer? {
        guard index >= 0, index < spans.count else { return nil }
        let span = spans[spans.startIndex &+ index]
        guard !span.isNull else { return nil }
        return storage.getSlice(at: storage.readerIndex &+ Int(span.offset), length: Int(span.length))
    }

    /// Every value as a slice (nil for NULL): an array and a slice per value, for code off the hot path.
    public var values: [ByteBuffer?] {
        (0..<spans.count).map { self[$0] }
    }

    /// The row of the values at `indexes` (a key), sharing this row's storage.
    public func projected(_ indexes: [Int]) -> Row {
        var picked: [ValueSpan] = []
        picked.reserveCapacity(indexes.count)
        for index in indexes {
            picked.append(index >= 0 && index < spans.count ? spans[spans.startIndex &+ index] : .null)
        }
        return Row(storage: storage, spans: picked[...])
    }

    /// Approximate size in bytes (payload only), for batch sizing and MB/s figures.
    @inlinable public var byteCount: Int {
        var total = 0
        for span in spans where !span.isNull { total &+= Int(span.length) }
        return total
    }

    /// Rows are equal when their values are (NULL equals NULL), whatever their storage.
    public static func == (lhs: Row, rhs: Row) -> Bool {
        guard lhs.spans.count == rhs.spans.count else { return false }
        for index in 0..<lhs.spans.count {
            let equal = lhs.withValue(at: index) { left in
                rhs.withValue(at: index) { right -> Bool in
                    switch (left, right) {
                    case (nil, nil): return true
                    case (let left?, let right?):
                        guard left.count == right.count else { return false }
                        guard let l = left.baseAddress, let r = right.baseAddress else { return true }
                        return memcmp(l, r, left.count) == 0
                    default: return false
                    }
                }
            }
            if !equal { return false }
        }
        return true
    }

    /// Hashes the values (lengths and bytes; NULL distinct from empty).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(spans.count)
        forEachValue { _, value in
            if let value {
                hasher.combine(value.count)
                hasher.combine(bytes: value)
            } else {
                hasher.combine(-1)
            }
        }
    }
}

/// Where one value of a `Row` lies in its storage: offset from the storage's reader index and length in bytes;
/// a negative length is SQL NULL.
public struct ValueSpan: Sendable, Hashable {
    /// Offset of the first byte from the storage's reader index.
    public var offset: UInt32
    /// Length in bytes, or -1 for NULL.
    public var length: Int32

    /// A non-NULL value of `length` bytes at `offset`.
    @inlinable public init(offset: Int, length: Int) {
        self.offset = UInt32(truncatingIfNeeded: offset)
        self.length = Int32(truncatingIfNeeded: length)
    }

    /// SQL NULL.
    public static let null = ValueSpan(offset: 0, length: -1)

    /// Whether this is SQL NULL.
    @inlinable public var isNull: Bool { length < 0 }
}

/// Rows handed from a reader to a writer in one piece. Bounded by `BatchLimits`.
public struct RowBatch: Sendable {
    /// The rows, in source order.
    public var rows: [Row]
    /// Sum of the rows' `byteCount`.
    public var byteCount: Int

    /// Creates a batch.
    public init(rows: [Row] = [], byteCount: Int = 0) {
        self.rows = rows
        self.byteCount = byteCount
    }

    /// Appends a row.
    public mutating func append(_ row: Row) {
        byteCount += row.byteCount
        rows.append(row)
    }

    /// Whether the batch reached either limit.
    public func isFull(_ limits: BatchLimits) -> Bool {
        rows.count >= limits.rows || byteCount >= limits.bytes
    }
}

/// How large a batch may grow before it is handed on.
public struct BatchLimits: Sendable, Hashable, Codable {
    /// Maximum rows per batch.
    public var rows: Int
    /// Maximum payload bytes per batch.
    public var bytes: Int

    /// Creates limits (each at least 1).
    public init(rows: Int = 4096, bytes: Int = 4 << 20) {
        self.rows = max(1, rows)
        self.bytes = max(1, bytes)
    }
}
