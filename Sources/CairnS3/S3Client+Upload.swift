import CairnCore
import Logging
import NIOCore

/// What an upload stored.
public struct S3UploadResult: Sendable, Hashable {
    /// The bytes stored.
    public var size: Int
    /// Parts uploaded: 0 for a single PutObject.
    public var parts: Int
    /// The stored object's ETag.
    public var etag: String?
}

extension S3Client {
    /// Stores the bytes of `chunks` as `key` without holding the object in memory: up to one part
    /// size it is one PutObject; beyond, a multipart upload with up to
    /// ``Configuration/partsInFlight`` parts in flight, so about `partSize * (partsInFlight + 1)` bytes
    /// are held. On any failure (a part, the completion, or `chunks` throwing) the upload is aborted,
    /// so no part is left behind, and the error is rethrown.
    public func upload<Chunks: AsyncSequence>(
        bucket: String, key: String, from chunks: Chunks
    ) async throws -> S3UploadResult where Chunks.Element: Sequence<UInt8> {
        var reader = S3PartReader(base: chunks.makeAsyncIterator(), partSize: configuration.partSize)
        let first = try await reader.nextPart() ?? ByteBuffer()
        guard first.readableBytes == configuration.partSize, let second = try await reader.nextPart() else {
            let etag = try await putObject(bucket: bucket, key: key, bytes: first)
            return S3UploadResult(size: first.readableBytes, parts: 0, etag: etag)
        }
        let uploadID = try await createMultipartUpload(bucket: bucket, key: key)
        do {
            let (parts, size) = try await uploadParts(
                bucket: bucket, key: key, uploadID: uploadID, first: [first, second], reader: &reader)
            let etag = try await completeMultipartUpload(bucket: bucket, key: key, uploadID: uploadID, parts: parts)
            return S3UploadResult(size: size, parts: parts.count, etag: etag)
        } catch {
            await abortAfterFailure(bucket: bucket, key: key, uploadID: uploadID, error: error)
            throw error
        }
    }

    /// Uploads `first` then every part `reader` gives, at most `partsInFlight` at once; returns the
    /// parts in order and the total size.
    private func uploadParts<Base: AsyncIteratorProtocol>(
        bucket: String, key: String, uploadID: String, first: [ByteBuffer], reader: inout S3PartReader<Base>
    ) async throws -> ([(number: Int, etag: String)], Int) where Base.Element: Sequence<UInt8> {
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var etags: [Int: String] = [:]
            var queued = first[...]
            var inFlight = 0
            var number = 0
            var size = 0
            while true {
                let part: ByteBuffer
                if let next = queued.popFirst() {
                    part = next
                } else if let next = try await reader.nextPart() {
                    part = next
                } else {
                    break
                }
                if inFlight == configuration.partsInFlight, let (done, etag) = try await group.next() {
                    etags[done] = etag
                    inFlight -= 1
                }
                number += 1
                guard number <= 10_000 else {
                    throw CairnError.limit(
                        "object", "\(key) needs more parts than S3 allows; raise s3-part-size", limit: 10_000)
                }
                size += part.readableBytes
                let partNumber = number
                group.addTask {
                    let etag = try await self.uploadPart(
                        bucket: bucket, key: key, uploadID: uploadID, partNumber: partNumber, bytes: part)
                    return (partNumber, etag)
                }
                inFlight += 1
            }
            while let (done, etag) = try await group.next() { etags[done] = etag }
            return (etags.sorted { $0.key < $1.key }.map { (number: $0.key, etag: $0.value) }, size)
        }
    }

    /// Aborts an upload that failed. The abort runs in a task of its own: when the upload failed
    /// because its task was cancelled, a request made in that task would be cancelled too and the
    /// parts would stay behind. The task is awaited, so it never outlives the call.
    private func abortAfterFailure(bucket: String, key: String, uploadID: String, error: any Error) async {
        let abort = Task {
            try await self.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
        }
        do {
            try await abort.value
        } catch let abortError {
            logger.error(
                "could not abort a failed S3 multipart upload; its parts stay until a lifecycle rule removes them",
                metadata: [
                    "key": "\(key)", "upload": "\(uploadID)", "failure": "\(error)", "abort": "\(abortError)",
                ])
        }
    }
}

/// Cuts an async sequence of byte chunks into parts of `partSize` bytes (the last may be shorter).
struct S3PartReader<Base: AsyncIteratorProtocol> where Base.Element: Sequence<UInt8> {
    var base: Base
    let partSize: Int
    var pending = ByteBuffer()
    var finished = false

    /// The next part, or nil when the sequence is done.
    mutating func nextPart() async throws -> ByteBuffer? {
        while pending.readableBytes < partSize && !finished {
            if let chunk = try await base.next() {
                pending.writeBytes(chunk)
            } else {
                finished = true
            }
        }
        guard pending.readableBytes > 0 else { return nil }
        let part = pending.readSlice(length: min(partSize, pending.readableBytes))!
        // A fresh buffer per part: the slice shares storage with `pending`, and the part is still
        // being sent while the next one is read.
        var copy = ByteBufferAllocator().buffer(capacity: part.readableBytes)
        copy.writeImmutableBuffer(part)
        pending.discardReadBytes()
        return copy
    }
}
