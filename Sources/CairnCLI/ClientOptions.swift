import ArgumentParser
import CairnClient
import CairnCore
import Foundation

/// How the client commands reach the catalog server, and how they print.
struct ClientOptions: ParsableArguments {
    @Option(help: "The server: host:port, host, or a Unix socket path (env CAIRN_CATALOG; default 127.0.0.1:7379).")
    var catalog: String?

    @Option(help: "User to authenticate as (env CAIRN_USER; default: the default user).")
    var user: String?

    @Option(help: "Password to authenticate with (env CAIRN_PASSWORD; default: none).")
    var password: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        do { _ = try endpoint() } catch let error as CairnError { throw ValidationError(error.message) }
    }

    func endpoint() throws -> Endpoint {
        try Endpoint(parsing: catalog ?? Setting.catalog.environmentValue ?? Endpoint.local.description)
    }

    func configuration() throws -> CairnClient.Configuration {
        var configuration = CairnClient.Configuration(endpoint: try endpoint())
        configuration.user = user ?? Setting.user.environmentValue
        configuration.password = password ?? Setting.password.environmentValue
        configuration.clientName = "cairn-cli"
        return configuration
    }

    /// Runs `body` with a connected client, closing it afterwards. A failure (no connection, an
    /// error reply) is printed and exits with status 2: `get`, `reserve`, `release` and `evict` exit
    /// with 1 for a miss, and a script must be able to tell "not cached" from "could not ask".
    func withClient<T>(_ body: (CairnClient) async throws -> T) async throws -> T {
        try await withClient(try configuration(), body)
    }

    /// ``withClient(_:)`` with a configuration the caller adjusted.
    func withClient<T>(_ configuration: CairnClient.Configuration, _ body: (CairnClient) async throws -> T)
        async throws -> T
    {
        let client = CairnClient(configuration: configuration)
        let result: T
        do {
            result = try await body(client)
        } catch {
            await client.close()
            ClientOutput.printError("Error: \(Self.explain(error))")
            throw ExitCode(2)
        }
        await client.close()
        return result
    }

    /// The error as printed, with what to do about a refused login.
    static func explain(_ error: any Error) -> String {
        switch (error as? CairnClientError)?.prefix {
        case .noAuth?: "\(error) (the server needs a password: give --password or set CAIRN_PASSWORD)"
        case .wrongPass?: "\(error) (check --user or CAIRN_USER, and --password or CAIRN_PASSWORD)"
        default: "\(error)"
        }
    }
}

/// Dataset and tag arguments, checked before anything is sent.
enum ClientArguments {
    static func dataset(_ text: String) throws -> DatasetID {
        do { return try DatasetID(parsing: text) } catch let error as CairnError {
            throw ValidationError(error.message)
        }
    }

    static func tag(_ text: String) throws -> TagName {
        do { return try TagName(text) } catch let error as CairnError { throw ValidationError(error.message) }
    }

    /// `key=value`, split at the first `=`.
    static func pair(_ text: String, what: String) throws -> (key: String, value: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ValidationError("\(what) must be written name=value, got '\(text)'")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
}
