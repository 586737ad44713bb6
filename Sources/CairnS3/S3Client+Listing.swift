import CairnCore
import Foundation

/// One object in a listing.
public struct S3ObjectSummary: Sendable, Hashable {
    /// The object's full key.
    public var key: String
    /// Its size in bytes.
    public var size: Int
    /// Its entity tag.
    public var etag: String?
    /// When it was last written, when the listing said.
    public var lastModified: Date?
}

/// One page of ListObjectsV2: the objects and, when there are more, the token of the next page.
public struct S3ObjectPage: Sendable, Hashable {
    public var objects: [S3ObjectSummary]
    /// Pass to the next ``S3Client/listObjects(bucket:prefix:continuationToken:maxKeys:)``; nil on the last page.
    public var nextContinuationToken: String?
}

extension S3Client {
    /// One page of the keys under `prefix` (ListObjectsV2), at most `maxKeys` (1 to 1000).
    public func listObjects(
        bucket: String, prefix: String = "", continuationToken: String? = nil, maxKeys: Int = 1000
    ) async throws -> S3ObjectPage {
        guard (1...1000).contains(maxKeys) else {
            throw CairnError.invalid("max-keys", "must be 1 to 1000, got \(maxKeys)")
        }
        var query: [(name: String, value: String)] = [("list-type", "2"), ("max-keys", "\(maxKeys)")]
        if !prefix.isEmpty { query.append(("prefix", prefix)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        let request = S3Request(operation: "ListObjectsV2", method: .GET, bucket: bucket, key: nil, query: query)
        let root = try S3XML.parse(try await send(request))
        let objects = try root.children("Contents").map { entry in
            guard let key = entry.text("Key"), let size = entry.text("Size").flatMap({ Int($0) }) else {
                throw CairnError(
                    .internalError, "S3 ListObjectsV2 of \(request.target) listed an object without a key or size")
            }
            return S3ObjectSummary(
                key: key, size: size, etag: entry.text("ETag"),
                lastModified: entry.text("LastModified").flatMap(S3Dates.parseISO8601))
        }
        let truncated = root.text("IsTruncated") == "true"
        let next = root.text("NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
        if truncated && next == nil {
            throw CairnError(
                .internalError, "S3 ListObjectsV2 of \(request.target) is truncated without a continuation token")
        }
        return S3ObjectPage(objects: objects, nextContinuationToken: truncated ? next : nil)
    }

    /// Every object under `prefix`, fetched a page (`pageSize` keys) at a time as the sequence is read.
    public func allObjects(bucket: String, prefix: String = "", pageSize: Int = 1000) -> S3ObjectListing {
        S3ObjectListing(client: self, bucket: bucket, prefix: prefix, pageSize: pageSize)
    }
}

/// The objects under a prefix, page after page (ListObjectsV2 with continuation tokens).
public struct S3ObjectListing: AsyncSequence, Sendable {
    public typealias Element = S3ObjectSummary

    let client: S3Client
    let bucket: String
    let prefix: String
    let pageSize: Int

    public func makeAsyncIterator() -> Iterator { Iterator(listing: self) }

    /// Fetches the next page when the current one is used up.
    public struct Iterator: AsyncIteratorProtocol {
        let listing: S3ObjectListing
        var buffered: [S3ObjectSummary] = []
        var token: String?
        var done = false

        init(listing: S3ObjectListing) { self.listing = listing }

        public mutating func next() async throws -> S3ObjectSummary? {
            while buffered.isEmpty {
                if done { return nil }
                let page = try await listing.client.listObjects(
                    bucket: listing.bucket, prefix: listing.prefix, continuationToken: token,
                    maxKeys: listing.pageSize)
                buffered = page.objects.reversed()
                token = page.nextContinuationToken
                done = token == nil
            }
            return buffered.popLast()
        }
    }
}
