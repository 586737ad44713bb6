import CairnCore
import Foundation

extension S3Credentials {
    /// The credentials of `profile` in the shared credentials file's text (`~/.aws/credentials`, INI:
    /// `[profile]` then `aws_access_key_id = …`, `aws_secret_access_key = …`, `aws_session_token = …`),
    /// or nil when the file has no such profile.
    public static func parseSharedFile(_ text: String, profile: String) throws -> S3Credentials? {
        var section: String?
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                continue
            }
            guard section == profile, let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            values[name] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        guard !values.isEmpty else { return nil }
        guard let accessKeyID = values["aws_access_key_id"], let secret = values["aws_secret_access_key"] else {
            throw CairnError.invalid(
                "credentials", "profile '\(profile)' lacks aws_access_key_id or aws_secret_access_key")
        }
        return S3Credentials(
            accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: values["aws_session_token"])
    }

    /// The environment's credentials, else the shared credentials file's (`AWS_SHARED_CREDENTIALS_FILE`
    /// or `~/.aws/credentials`, profile `AWS_PROFILE` or `default`); an error when there are none.
    ///
    /// Reads a small file synchronously: call it while configuring, before serving, not on an event loop.
    public static func resolve(environment: [String: String]) throws -> S3Credentials {
        if let credentials = try fromEnvironment(environment) { return credentials }
        let profile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let path =
            environment["AWS_SHARED_CREDENTIALS_FILE"]
            ?? (environment["HOME"].map { "\($0)/.aws/credentials" } ?? "")
        if !path.isEmpty, let data = FileManager.default.contents(atPath: path),
            let credentials = try parseSharedFile(String(decoding: data, as: UTF8.self), profile: profile)
        {
            return credentials
        }
        throw CairnError.invalid(
            "credentials",
            "no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for "
                + "temporary ones), or give profile '\(profile)' in \(path.isEmpty ? "~/.aws/credentials" : path)")
    }
}
