/// How a message is written on a transport that carries bare messages (Connect's
/// `application/proto` and `application/json`).
public enum MessageCodec: String, Sendable, CustomStringConvertible {
    /// The protobuf binary encoding.
    case proto
    /// The protobuf JSON mapping.
    case json

    public var description: String { rawValue }
}
