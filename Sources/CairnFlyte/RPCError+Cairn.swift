import CairnCore
import GRPCCore

extension RPCError {
    /// The one mapping of Cairn's errors onto gRPC status codes, for every Flyte front end (gRPC
    /// and Connect, which names the same codes in lower snake case). A miss is `NOT_FOUND`, never
    /// `UNKNOWN` or `INTERNAL`: flytepropeller fails a node on any other code.
    public init(cairn error: any Error) {
        if let error = error as? RPCError {
            self = error
            return
        }
        guard let error = error as? CairnError else {
            self.init(code: .internalError, message: "internal error: \(error)")
            return
        }
        let code: RPCError.Code =
            switch error.code {
            case .notFound: .notFound
            case .alreadyExists, .conflict: .alreadyExists
            case .invalidArgument: .invalidArgument
            case .limitExceeded: .resourceExhausted
            case .fencingRejected: .failedPrecondition
            case .unavailable: .unavailable
            case .schemaMismatch: .failedPrecondition
            default: .internalError
            }
        self.init(code: code, message: error.message)
    }

    /// Runs `body`, turning every error into the status Flyte expects: what every Flyte handler's
    /// method runs in.
    static func mapping<Response>(_ body: () async throws -> Response) async throws -> Response {
        do { return try await body() } catch { throw RPCError(cairn: error) }
    }

    /// `INVALID_ARGUMENT` naming the field.
    static func invalid(_ field: String, _ message: String) -> RPCError {
        RPCError(code: .invalidArgument, message: "\(field): \(message)")
    }
}
