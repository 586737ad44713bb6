import Testing

/// `CACHE.MGET` answers each pair exactly as `CACHE.GET` would, in order, whether a pair comes
/// from the hot cache, the store, or misses.
@Suite struct MGetServerTests {
    /// What the server sends for `commands` followed by QUIT, without QUIT's `+OK`.
    static func replies(_ commands: [String], port: Int) async throws -> String {
        let text = (commands + ["QUIT"]).map { $0 + "\r\n" }.joined()
        let (reply, closed) = try await RawClient.connect(port: port).exchange(text, expecting: 1 << 20)
        #expect(closed && reply.hasSuffix("+OK\r\n"), "\(reply)")
        return String(decoding: Array(reply.utf8.dropLast(5)), as: UTF8.self)
    }

    @Test func partsFromTheHotCacheTheStoreAndMissesComeInRequestOrder() async throws {
        try await withServer { port in
            let dataset = "p/d/mget/v1"
            _ = try await Self.replies(
                ["CACHE.PUT \(dataset) a DATA o first", "CACHE.PUT \(dataset) b DATA o second"], port: port)
            // `a` becomes hot; `b` is read from the store by the MGET itself.
            let a = try await Self.replies(["CACHE.GET \(dataset) a"], port: port)
            #expect(a.contains("first"))
            let mixed = try await Self.replies(
                ["CACHE.MGET \(dataset) a \(dataset) b \(dataset) absent \(dataset) a"], port: port)
            let b = try await Self.replies(["CACHE.GET \(dataset) b"], port: port)
            #expect(b.contains("second"))
            #expect(mixed == "*4\r\n" + a + b + "$-1\r\n" + a)
            // Now every pair is hot: answered without the store, the same bytes.
            let hot = try await Self.replies(["CACHE.MGET \(dataset) b \(dataset) a"], port: port)
            #expect(hot == "*2\r\n" + b + a)
            // A malformed pair is refused as a whole, even when the others are hot.
            let refused = try await Self.replies(["CACHE.MGET \(dataset) a \(dataset)"], port: port)
            #expect(refused.hasPrefix("-ERR"), "\(refused)")
            let invalid = try await Self.replies(["CACHE.MGET \(dataset) a bad//name b"], port: port)
            #expect(invalid.hasPrefix("-"), "\(invalid)")
        }
    }
}
