extension Literal {
    /// The SHA-256 that identifies this value's content, for cache keys.
    ///
    /// It hashes the *content encoding*: ``canonicalBytes()`` except that a file is written as tag
    /// `0D`, its size and SHA-256 (never its uri), and a nested offloaded value as tag `0E` and its
    /// recorded SHA-256. So:
    /// - for a value with no files or offloaded values inside, it is `SHA256(canonicalBytes())`;
    /// - for `.offloaded(reference)` it is `reference.sha256`, which equals the inline value's
    ///   digest when the value holds no files (the offloaded blob's hash covers file uris);
    /// - moving a file, or offloading a value elsewhere, leaves the digest unchanged.
    ///
    /// A list, map or struct that holds an offloaded value hashes differently from one that holds
    /// the same value inline: offload whole inputs and outputs, not parts of them.
    public var contentDigest: SHA256Digest {
        if case .offloaded(let reference) = self { return reference.sha256 }
        var writer = CanonicalWriter()
        writer.bytes.reserveCapacity(64)
        writer.writeLiteral(self, form: .content)
        return SHA256Digest.of(writer.bytes)
    }

    /// The digest of a task execution's inputs, its cache tag: SHA-256 over a domain prefix, the
    /// count, then each input not in `ignoring` as (name, ``contentDigest``) in ascending UTF-8
    /// order of the NFC names. The order in which the dictionary was built plays no part.
    public static func inputDigest(_ inputs: [String: Literal], ignoring: Set<String> = []) -> SHA256Digest {
        var entries = [(name: String, digest: SHA256Digest)]()
        entries.reserveCapacity(inputs.count)
        for (name, value) in inputs where !ignoring.contains(name) {
            entries.append((nfc(name), value.contentDigest))
        }
        entries.sort { utf8Precedes($0.name, $1.name) }
        var writer = CanonicalWriter(bytes: Array("cairn.inputs.v1\0".utf8))
        writer.writeLength(entries.count)
        for entry in entries {
            writer.writeString(entry.name)
            writer.writeDigest(entry.digest)
        }
        return SHA256Digest.of(writer.bytes)
    }

    /// The digest of a task's interface: SHA-256 over a domain prefix, then the inputs and then the
    /// outputs, each as a count and (name, ``LiteralType/canonicalBytes()``) pairs sorted by the
    /// NFC name's UTF-8 bytes, so the order they are declared in plays no part.
    public static func interfaceDigest(
        inputs: [(String, LiteralType)], outputs: [(String, LiteralType)]
    ) -> SHA256Digest {
        var writer = CanonicalWriter(bytes: Array("cairn.interface.v1\0".utf8))
        for declarations in [inputs, outputs] {
            let sorted = declarations.map { (name: nfc($0.0), type: $0.1.canonicalBytes()) }
                .sorted {
                    $0.name == $1.name
                        ? $0.type.lexicographicallyPrecedes($1.type) : utf8Precedes($0.name, $1.name)
                }
            writer.writeLength(sorted.count)
            for declaration in sorted {
                writer.writeString(declaration.name)
                writer.bytes.append(contentsOf: declaration.type)
            }
        }
        return SHA256Digest.of(writer.bytes)
    }
}
