import NIOPosix

/// Where the blob stores do their blocking work (file I/O, zlib, hashing): NIO's shared thread
/// pool, never an event loop or the cooperative pool.
enum BlobThreads {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(work)
    }
}
