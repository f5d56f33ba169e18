import AsyncAlgorithms

/// The bounded hand-off between a chunk's reader and its writer: a rendezvous channel (a send waits until the
/// writer takes the batch), so at most one batch is in flight and one being built per chunk (STYLE rule 9).
/// The reader calls `finish()` after the last batch or `fail(_:)` on error.
public typealias RowBatchChannel = AsyncThrowingChannel<RowBatch, any Error>
