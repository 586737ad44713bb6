import CairnCore

/// The keys requests are signed with: an access key pair and, for temporary credentials, a session token.
public struct S3Credentials: Sendable, Hashable {
    /// The access key ID (`AWS_ACCESS_KEY_ID`).
    public var accessKeyID: String
    /// The secret access key (`AWS_SECRET_ACCESS_KEY`); never logged.
    public var secretAccessKey: String
    /// The session token of temporary credentials (`AWS_SESSION_TOKEN`), sent as `x-amz-security-token`.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The credentials in `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, or nil when
    /// neither key is set; an error when only one of the pair is.
    public static func fromEnvironment(_ environment: [String: String]) throws -> S3Credentials? {
        let accessKeyID = environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (accessKeyID, secret) {
        case (nil, nil): return nil
        case (let accessKeyID?, let secret?):
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return S3Credentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token)
        case (nil, _):
            throw CairnError.invalid("AWS_ACCESS_KEY_ID", "is not set but AWS_SECRET_ACCESS_KEY is")
        case (_, nil):
            throw CairnError.invalid("AWS_SECRET_ACCESS_KEY", "is not set but AWS_ACCESS_KEY_ID is")
        }
    }
}
