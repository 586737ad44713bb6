extension RESPReplyDecoder {
    /// Bounds on what one reply may be, so a hostile or broken server cannot make a client buffer
    /// without limit. The defaults fit Cairn's largest replies (a `CACHE.MGET` of big artifacts).
    public struct Limits: Hashable, Sendable {
        /// Longest bulk, verbatim or blob-error string, in bytes.
        public var maxBulkLength = 64 << 20
        /// Longest status, error or number line, in bytes.
        public var maxLineLength = 64 * 1024
        /// Most elements in one array, set or push, or pairs in one map.
        public var maxElements = 1 << 20
        /// Deepest nesting of aggregates (a `CACHE.MGET` reply nests 4 deep).
        public var maxDepth = 32
        /// Most bytes in one reply, headers included.
        public var maxReplyBytes = 512 << 20

        public init() {}
    }

    /// An aggregate whose elements are still arriving.
    struct Aggregate {
        enum Kind: Equatable {
            case array, set, push, map, attribute

            init(_ type: UInt8) {
                switch type {
                case UInt8(ascii: "~"): self = .set
                case UInt8(ascii: ">"): self = .push
                case UInt8(ascii: "%"): self = .map
                case UInt8(ascii: "|"): self = .attribute
                default: self = .array
                }
            }

            /// Maps and attributes announce pairs: twice as many elements follow.
            var isKeyed: Bool { self == .map || self == .attribute }
        }

        var kind: Kind
        /// Elements still to read.
        var remaining: Int
        var values: [RESPValue] = []

        init(kind: Kind, remaining: Int) {
            self.kind = kind
            self.remaining = remaining
            // Reserve for what is announced only up to a bound: the count is the peer's claim.
            values.reserveCapacity(min(remaining, 1024))
        }

        /// The finished value; `nil` for what a client does not hand on (attributes, top-level pushes).
        func value(topLevel: Bool) -> RESPValue? {
            switch kind {
            case .array, .set: return .array(values)
            case .push: return topLevel ? nil : .array(values)
            case .attribute: return nil
            case .map:
                return .map(stride(from: 0, to: values.count, by: 2).map { (key: values[$0], value: values[$0 + 1]) })
            }
        }
    }
}
