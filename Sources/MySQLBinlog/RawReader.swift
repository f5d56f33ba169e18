/// A bounds-checked little/big-endian reader over raw memory, used for row images: it avoids the
/// per-read reference counting and exclusivity checks of `ByteBuffer`, which dominated the row decoder's
/// profile. Only lives inside a `withUnsafeReadableBytes` scope.
struct RawReader {
    let base: UnsafeRawBufferPointer
    var index = 0

    init(_ base: UnsafeRawBufferPointer) { self.base = base }

    var readableBytes: Int { base.count - index }

    @inline(__always)
    mutating func readLE<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String = "integer")
        throws(MySQLBinlogError) -> T
    {
        let size = MemoryLayout<T>.size
        guard base.count - index >= size else { throw .truncated(what()) }
        let value = T(littleEndian: base.loadUnaligned(fromByteOffset: index, as: T.self))
        index += size
        return value
    }

    @inline(__always)
    mutating func readBE<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String = "integer")
        throws(MySQLBinlogError) -> T
    {
        let size = MemoryLayout<T>.size
        guard base.count - index >= size else { throw .truncated(what()) }
        let value = T(bigEndian: base.loadUnaligned(fromByteOffset: index, as: T.self))
        index += size
        return value
    }

    @inline(__always)
    mutating func readUIntLE(bytes count: Int, _ what: @autoclosure () -> String = "integer")
        throws(MySQLBinlogError) -> UInt64
    {
        guard count >= 0, count <= 8, base.count - index >= count else { throw .truncated(what()) }
        var value: UInt64 = 0
        for offset in 0..<count { value |= UInt64(base[index + offset]) << (8 * UInt64(offset)) }
        index += count
        return value
    }

    @inline(__always)
    mutating func readUIntBE(bytes count: Int, _ what: @autoclosure () -> String = "integer")
        throws(MySQLBinlogError) -> UInt64
    {
        guard count >= 0, count <= 8, base.count - index >= count else { throw .truncated(what()) }
        var value: UInt64 = 0
        for offset in 0..<count { value = value << 8 | UInt64(base[index + offset]) }
        index += count
        return value
    }

    @inline(__always)
    mutating func readByteArray(_ count: Int, _ what: @autoclosure () -> String = "bytes")
        throws(MySQLBinlogError) -> [UInt8]
    {
        guard count >= 0, base.count - index >= count else { throw .truncated(what()) }
        // A plain copy into uninitialised storage: the generic Array-from-Collection path looked up type
        // metadata and copied element by element.
        let start = index
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { storage, initialized in
            if count > 0, let target = storage.baseAddress, let source = base.baseAddress {
                UnsafeMutableRawPointer(target).copyMemory(from: source + start, byteCount: count)
            }
            initialized = count
        }
        index += count
        return bytes
    }

    @inline(__always)
    mutating func readReader(_ count: Int, _ what: @autoclosure () -> String = "bytes")
        throws(MySQLBinlogError) -> RawReader
    {
        guard count >= 0, base.count - index >= count else { throw .truncated(what()) }
        let reader = RawReader(UnsafeRawBufferPointer(rebasing: base[index..<(index + count)]))
        index += count
        return reader
    }
}
