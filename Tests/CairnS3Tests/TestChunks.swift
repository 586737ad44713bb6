import Crypto

/// `count` deterministic chunks of `size` bytes (chunk `i`, byte `j` is `(i * 131 + j * 7) & 0xFF`,
/// so swapped or repeated parts change the digest), then `tail` more bytes; throws
/// ``SourceFailure`` instead of chunk `failAt` when set.
struct TestChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]

    struct SourceFailure: Error, Equatable {}

    var count: Int
    var size: Int
    var tail = 0
    var failAt: Int?
    /// A pause before each chunk, for a source slower than the network.
    var delay: Duration?

    static func chunk(_ index: Int, size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: index &* 131 &+ $0 &* 7) }
    }

    /// The SHA-256 and length of everything the sequence yields.
    var digest: (SHA256Digest, Int) {
        var hasher = SHA256()
        for index in 0..<count { hasher.update(data: Self.chunk(index, size: size)) }
        hasher.update(data: Self.chunk(count, size: tail))
        return (hasher.finalize(), count * size + tail)
    }

    func makeAsyncIterator() -> Iterator { Iterator(chunks: self) }

    struct Iterator: AsyncIteratorProtocol {
        let chunks: TestChunks
        var index = 0

        mutating func next() async throws -> [UInt8]? {
            defer { index += 1 }
            if let delay = chunks.delay { try await Task.sleep(for: delay) }
            if index == chunks.failAt { throw SourceFailure() }
            if index < chunks.count { return TestChunks.chunk(index, size: chunks.size) }
            if index == chunks.count && chunks.tail > 0 { return TestChunks.chunk(index, size: chunks.tail) }
            return nil
        }
    }
}
