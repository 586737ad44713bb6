import GRPCCore

/// One unary RPC of a Flyte service, written once for every transport: a gRPC server registers it,
/// and the HTTP listener's Connect routes call it with the bare message they received.
public protocol UnaryMethod: Sendable {
    /// The method's `package.Service/Method` name, which is also its Connect path.
    var descriptor: MethodDescriptor { get }

    /// Decodes `request` with `codec`, runs the method and encodes its response with the same codec.
    /// - Throws: `RPCError`: `INVALID_ARGUMENT` for a request that does not decode, else the method's.
    func call(_ request: [UInt8], codec: MessageCodec) async throws -> [UInt8]

    /// Adds the method to a gRPC server's router.
    func register<Transport: ServerTransport>(with router: inout RPCRouter<Transport>)
}
