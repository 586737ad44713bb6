import AsyncHTTPClient
import CairnCore
import NIOCore

/// An object's bytes as they arrive: an async sequence of chunks, read once. A connection lost
/// mid-body ends the iteration with ``CairnError/Code/unavailable`` naming the object and the offset.
public struct S3ObjectBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    let response: HTTPClientResponse
    let target: String
    /// The number of bytes the server announced (the range's length for a ranged read).
    public let contentLength: Int?
    /// The object's entity tag.
    public let etag: String?

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: response.body.makeAsyncIterator(), target: target, expected: contentLength)
    }

    /// Reads the whole body (at most `limit` bytes; more is ``CairnError/Code/limitExceeded``).
    public func collect(upTo limit: Int) async throws -> ByteBuffer {
        var buffer = ByteBuffer()
        for try await var chunk in self {
            guard buffer.readableBytes + chunk.readableBytes <= limit else {
                throw CairnError.limit("object", "\(target) is larger than the bytes collected at once", limit: limit)
            }
            buffer.writeBuffer(&chunk)
        }
        return buffer
    }

    /// Yields the body's chunks and checks that as many bytes came as were announced.
    public struct Iterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator
        let target: String
        let expected: Int?
        var received = 0

        public mutating func next() async throws -> ByteBuffer? {
            let chunk: ByteBuffer?
            do {
                chunk = try await base.next()
            } catch {
                if Task.isCancelled { throw CancellationError() }
                throw CairnError(
                    .unavailable, "reading \(target) from S3 failed after \(received) bytes: \(error)")
            }
            guard let chunk else {
                if let expected, received != expected {
                    throw CairnError(
                        .unavailable, "reading \(target) from S3 ended after \(received) of \(expected) bytes")
                }
                return nil
            }
            received += chunk.readableBytes
            return chunk
        }
    }
}
