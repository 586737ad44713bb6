import CairnProtocol
import CairnService
import NIOConcurrencyHelpers
import NIOCore

/// `CACHE.MGET` without a task per key: the hot cache answers what it holds, on the event loop,
/// and the other keys go to the store together, where they join one batched statement; the reply
/// is framed once every part is in.
extension CommandExecutor {
    /// Each pair's hot reply, probed with the bytes the client sent as ``hotHit`` does for
    /// `CACHE.GET` (only validated keys are ever inserted); `nil` for a pair the cache lacks.
    /// Empty when the request has no whole pairs (parsing will say why).
    func hotParts(_ request: RESPRequest, version: RESPVersion) -> [ByteBuffer?] {
        let count = request.arguments.count
        guard count >= 3, count % 2 == 1 else { return [] }
        return stride(from: 1, to: count, by: 2).map { index in
            service.hotLookup(dataset: request.arguments[index], tag: request.arguments[index + 1])?
                .bytes(for: version)
        }
    }

    /// The rest of a `CACHE.MGET` whose `hot` parts are known: one store lookup per missing key,
    /// all started at once; the reply when the last one calls back.
    func storeParts(
        _ mget: CacheMGet, hot: [ByteBuffer?], version: RESPVersion,
        timed: @escaping @Sendable (ByteBuffer) -> ByteBuffer
    ) -> Execution {
        let parts = hot.count == mget.keys.count ? hot : Array(repeating: nil, count: mget.keys.count)
        let missing = parts.indices.filter { parts[$0] == nil }
        guard !missing.isEmpty else { return .reply(Self.frame(parts.map { $0! }), close: false) }
        return .callback { [self] done in
            let gathered = NIOLockedValueBox((parts: parts, left: missing.count))
            for index in missing {
                let key = mget.keys[index]
                service.storeLookup(key.dataset, key.tag, encode: Self.encoder(key, version)) { result in
                    let part = reply(result, version)
                    let complete = gathered.withLockedValue { state -> [ByteBuffer?]? in
                        state.parts[index] = part
                        state.left -= 1
                        return state.left == 0 ? state.parts : nil
                    }
                    if let complete { done(timed(Self.frame(complete.map { $0! }))) }
                }
            }
        }
    }

    /// The array reply around parts that are each a whole `CACHE.GET` reply (the same header in
    /// RESP2 and RESP3), so hot parts are copied, never re-encoded.
    static func frame(_ parts: [ByteBuffer]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(16 + parts.reduce(0) { $0 + $1.readableBytes })
        buffer.writeString("*\(parts.count)\r\n")
        for part in parts { buffer.writeImmutableBuffer(part) }
        return buffer
    }
}
