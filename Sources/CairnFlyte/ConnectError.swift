import Foundation
import GRPCCore

/// An error as the Connect protocol answers a unary call: a code (gRPC's, in lower snake case), an
/// HTTP status that matches it, and a JSON body `{"code": …, "message": …}`
/// (https://connectrpc.com/docs/protocol#error-codes).
public struct ConnectError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Connect's error codes, which are gRPC's.
    public enum Code: String, Sendable, CaseIterable {
        case canceled, unknown, invalidArgument = "invalid_argument", deadlineExceeded = "deadline_exceeded"
        case notFound = "not_found", alreadyExists = "already_exists", permissionDenied = "permission_denied"
        case resourceExhausted = "resource_exhausted", failedPrecondition = "failed_precondition", aborted
        case outOfRange = "out_of_range", unimplemented, `internal`, unavailable, dataLoss = "data_loss"
        case unauthenticated

        /// The HTTP status Connect's table gives the code.
        public var httpStatus: Int {
            switch self {
            case .canceled: 499
            case .unknown, .internal, .dataLoss: 500
            case .invalidArgument, .failedPrecondition, .outOfRange: 400
            case .deadlineExceeded: 504
            case .notFound: 404
            case .alreadyExists, .aborted: 409
            case .permissionDenied: 403
            case .resourceExhausted: 429
            case .unimplemented: 501
            case .unavailable: 503
            case .unauthenticated: 401
            }
        }
    }

    public var code: Code
    public var message: String
    /// The HTTP status of the answer: the code's, except where the protocol asks for another
    /// (404 for a method that does not exist, 415 for a codec it does not speak).
    public var httpStatus: Int

    public init(_ code: Code, _ message: String, httpStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus ?? code.httpStatus
    }

    /// Any error of a call, through the one mapping of Cairn's errors (``GRPCCore/RPCError/init(cairn:)``).
    public init(_ error: any Error) {
        if let error = error as? ConnectError {
            self = error
            return
        }
        let status = RPCError(cairn: error)
        self.init(Self.code(status.code), status.message)
    }

    /// The body: `{"code": …, "message": …}`.
    public var json: [UInt8] {
        let body = ["code": code.rawValue, "message": message]
        return Array(
            (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data())
    }

    public var description: String { "\(code.rawValue): \(message)" }

    static func code(_ code: RPCError.Code) -> Code {
        switch code {
        case .cancelled: .canceled
        case .invalidArgument: .invalidArgument
        case .deadlineExceeded: .deadlineExceeded
        case .notFound: .notFound
        case .alreadyExists: .alreadyExists
        case .permissionDenied: .permissionDenied
        case .resourceExhausted: .resourceExhausted
        case .failedPrecondition: .failedPrecondition
        case .aborted: .aborted
        case .outOfRange: .outOfRange
        case .unimplemented: .unimplemented
        case .internalError: .internal
        case .unavailable: .unavailable
        case .dataLoss: .dataLoss
        case .unauthenticated: .unauthenticated
        default: .unknown
        }
    }
}
