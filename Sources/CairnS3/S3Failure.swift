import CairnCore

/// A failed attempt: an S3 error answer (status, code, message) or a transport error, and whether
/// another attempt may succeed. Maps to ``CairnError`` in one place.
struct S3Failure: Sendable, CustomStringConvertible {
    var status: Int?
    var code: String?
    var message: String?
    var transport: String?

    init(status: Int, body: [UInt8]?) {
        self.status = status
        if let body, !body.isEmpty, let root = try? S3XML.parse(body), root.name == "Error" {
            code = root.text("Code")
            message = root.text("Message")
        }
    }

    init(status: Int, code: String?, message: String?) {
        self.status = status
        self.code = code
        self.message = message
    }

    init(transport error: any Error) {
        transport = String(describing: error)
    }

    /// Codes S3 and compatible servers use to ask for a slower pace or a later retry.
    static let retryableCodes: Set<String> = [
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeTooSkewed",
        "InternalError", "ServiceUnavailable", "RequestLimitExceeded", "TooManyRequests",
    ]
    /// Codes that say the credentials or their signature were refused.
    static let credentialCodes: Set<String> = [
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "ExpiredToken", "InvalidToken",
        "TokenRefreshRequired", "InvalidClientTokenId", "AuthorizationHeaderMalformed",
    ]

    var isRetryable: Bool {
        if transport != nil { return true }
        if let code, Self.retryableCodes.contains(code) { return true }
        guard let status else { return false }
        return status >= 500 || status == 429
    }

    var description: String {
        if let transport { return transport }
        return "\(code ?? "no error code") (HTTP \(status ?? 0))\(message.map { ": \($0)" } ?? "")"
    }

    /// The error a caller sees after the last attempt, naming the operation, the object, the S3 code and status.
    func error(request: S3Request, endpoint: String, attempts: Int) -> CairnError {
        let tries = attempts == 1 ? "" : " after \(attempts) attempts"
        if let transport {
            return CairnError(
                .unavailable,
                "S3 endpoint \(endpoint) is unreachable: \(request.operation) of \(request.target) failed\(tries): "
                    + transport)
        }
        let status = status ?? 0
        let code = code ?? (status == 404 ? "NotFound" : status == 403 ? "Forbidden" : "HTTP\(status)")
        let text =
            "S3 \(request.operation) of \(request.target) failed\(tries): \(code) (HTTP \(status))"
            + (message.map { ": \($0)" } ?? "")
        if status == 404 || ["NoSuchKey", "NoSuchBucket", "NoSuchUpload"].contains(code) {
            return CairnError(.notFound, text)
        }
        if Self.credentialCodes.contains(code) || status == 401 || status == 403 {
            return CairnError(.invalidArgument, text + "; check the S3 credentials", field: "credentials")
        }
        if ["BucketAlreadyOwnedByYou", "BucketAlreadyExists"].contains(code) {
            return CairnError(.alreadyExists, text)
        }
        if status == 409 || status == 412 { return CairnError(.conflict, text) }
        if code == "EntityTooLarge" { return CairnError(.limitExceeded, text) }
        if status == 416 { return CairnError(.invalidArgument, text, field: "range") }
        if isRetryable { return CairnError(.unavailable, text) }
        return CairnError(.internalError, text)
    }
}
