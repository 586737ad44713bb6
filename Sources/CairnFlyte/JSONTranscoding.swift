import SwiftProtobuf

/// A message's JSON form read and written through a typed twin.
///
/// Cairn's contract declares the core Flyte messages it only stores (a `LiteralMap`, an
/// `Identifier`) as `bytes`, so that the binary path keeps them byte for byte. In protobuf's JSON
/// mapping, though, `bytes` is a base64 string where Flyte's clients write the message's JSON
/// object. A twin declares the same fields with the same numbers, those typed as the core messages
/// (`Protos/cairn/flyte2json`), so its binary encoding is the contract message's: JSON is read into
/// the twin and written in binary for the method, and a binary response is read into the twin and
/// written in JSON.
struct JSONTranscoding: Sendable {
    /// The twin's protobuf name.
    let twinName: String
    private let read: @Sendable ([UInt8], JSONDecodingOptions) throws -> [UInt8]
    private let write: @Sendable ([UInt8]) throws -> [UInt8]

    /// Transcodes through `Twin`, which must have the field numbers and wire types of the message
    /// it stands for.
    init<Twin: SwiftProtobuf.Message>(_: Twin.Type) {
        twinName = Twin.protoMessageName
        read = { json, options in
            // Map entries in key order, as protobuf's deterministic serialization writes them, so
            // the same JSON is always stored as the same bytes.
            var binary = BinaryEncodingOptions()
            binary.useDeterministicOrdering = true
            return try Twin(jsonUTF8Bytes: json, options: options).serializedBytes(options: binary)
        }
        write = { binary in try Twin(serializedBytes: binary).jsonUTF8Bytes() }
    }

    /// The binary encoding of the message `json` holds, read as the twin.
    /// - Throws: SwiftProtobuf's error for JSON that is not the twin's.
    func binary(fromJSON json: [UInt8], options: JSONDecodingOptions) throws -> [UInt8] {
        try read(json, options)
    }

    /// The JSON form of the message `binary` encodes, read as the twin.
    /// - Throws: SwiftProtobuf's error when `binary` is not the twin's, or has no JSON form.
    func json(fromBinary binary: [UInt8]) throws -> [UInt8] {
        try write(binary)
    }
}
