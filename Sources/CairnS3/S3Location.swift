import CairnCore

/// Where objects live: a bucket and a key prefix, parsed from `s3://bucket/prefix`.
public struct S3Location: Sendable, Hashable, CustomStringConvertible {
    /// The bucket name (3 to 63 characters of lowercase letters, digits, dots and hyphens).
    public var bucket: String
    /// The key prefix every object key is put under; empty, or ending in `/`.
    public var prefix: String

    /// A location from its parts; `prefix` gets a trailing `/` when it has none.
    public init(bucket: String, prefix: String = "") throws {
        try Self.validate(bucket: bucket)
        var prefix = prefix
        while prefix.hasPrefix("/") { prefix.removeFirst() }
        if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
        self.bucket = bucket
        self.prefix = prefix
    }

    /// Parses `s3://bucket` or `s3://bucket/prefix`; `field` names the argument in errors.
    public init(parsing text: String, field: String = "blob-store") throws {
        guard text.hasPrefix("s3://") else {
            throw CairnError.invalid(field, "'\(text)' is not an s3://bucket/prefix URL")
        }
        let rest = text.dropFirst("s3://".count)
        let bucket = rest.prefix { $0 != "/" }
        let prefix = rest.dropFirst(bucket.count)
        do {
            try self.init(bucket: String(bucket), prefix: String(prefix))
        } catch let error as CairnError {
            throw CairnError.invalid(field, "'\(text)': \(error.message)")
        }
    }

    /// The full object key of `name` under the prefix.
    public func key(_ name: String) -> String { prefix + name }

    public var description: String { "s3://\(bucket)/\(prefix)" }

    static func validate(bucket: String) throws {
        let allowed = bucket.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
        guard (3...63).contains(bucket.utf8.count), allowed,
            bucket.first != "-", bucket.first != ".", bucket.last != "-", bucket.last != "."
        else {
            throw CairnError.invalid(
                "bucket",
                "'\(bucket)' is not a bucket name (3 to 63 lowercase letters, digits, '.' and '-', "
                    + "starting and ending with a letter or digit)")
        }
    }
}
