import ArgumentParser
import CairnCore
import CairnFlyte
import CairnHTTP
import CairnServer
import Foundation

/// How `cairn serve` runs its gRPC listener (Flyte's datacatalog API and cache service). Every
/// option has a `CAIRN_*` variable; the option wins when both are set.
struct GRPCOptions: ParsableArguments {
    @Option(
        name: .customLong("grpc-port"),
        help: ArgumentHelp(
            "Serve gRPC (Flyte's datacatalog, flyteidl2 cache service) on <host>:<port> "
                + "(env CAIRN_GRPC_PORT; default off; 8089 is Flyte's; 0 any free port)."))
    var grpcPort: Int?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain for gRPC over TLS (env CAIRN_TLS_CERT).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert (env CAIRN_TLS_KEY).")
    var tlsKey: String?

    @Option(
        name: .customLong("grpc-max-message"),
        help: "Largest gRPC request message: bytes or 16MiB… (env CAIRN_GRPC_MAX_MESSAGE; default 16MiB).")
    var maxMessage: String?

    @Option(
        name: .customLong("reservation-max-heartbeat"),
        help: ArgumentHelp(
            "Longest reservation heartbeat granted to Flyte clients, seconds "
                + "(env CAIRN_RESERVATION_MAX_HEARTBEAT; default 10)."))
    var maxHeartbeat: Int?

    @Option(
        name: .customLong("reservation-grace-multiplier"),
        help: "A Flyte reservation lasts this many heartbeats (env CAIRN_RESERVATION_GRACE_MULTIPLIER; default 3).")
    var graceMultiplier: Int?

    @Option(
        name: .customLong("flyte-access"),
        help: ArgumentHelp(
            "Who may call the Flyte APIs: 'server' follows the server's passwords (loopback only without them), "
                + "'open' serves any client without credentials, for a trusted network "
                + "(env CAIRN_FLYTE_ACCESS; default server)."))
    var access: String?

    /// Checks the options before anything starts.
    func validate() throws {
        _ = try access(Passwords())
        _ = try configuration(host: "127.0.0.1", passwords: Passwords())
    }

    /// The Flyte settings shared by the gRPC listener and the HTTP listener's Connect routes.
    func flyteConfiguration() throws -> FlyteConfiguration {
        var flyte = FlyteConfiguration()
        if let seconds = try Setting.reservationMaxHeartbeat.integer(
            overriding: maxHeartbeat, option: "--reservation-max-heartbeat",
            in: NumericRange(1, 86_400, unit: "seconds"))
        {
            flyte.maxHeartbeatInterval = .seconds(seconds)
        }
        if let multiplier = try Setting.reservationGraceMultiplier.integer(
            overriding: graceMultiplier, option: "--reservation-grace-multiplier", in: NumericRange(1, 100))
        {
            flyte.heartbeatGracePeriodMultiplier = multiplier
        }
        return flyte
    }

    /// The listener's configuration, `nil` when it is off.
    func configuration(host: String, passwords: Passwords) throws -> FlyteGRPCServer.Configuration? {
        let certificate = tlsCertificate ?? Setting.tlsCertificate.environmentValue
        let key = tlsKey ?? Setting.tlsKey.environmentValue
        guard (certificate == nil) == (key == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together: give both or neither")
        }
        let flyte = try flyteConfiguration()
        guard let port = try Setting.grpcPort.integer(overriding: grpcPort, option: "--grpc-port", in: .port) else {
            if certificate != nil { throw ValidationError("--tls-cert needs --grpc-port") }
            return nil
        }
        var grpc = FlyteGRPCServer.Configuration()
        (grpc.host, grpc.port, grpc.flyte) = (host, port, flyte)
        if let certificate, let key {
            for (option, path) in [("--tls-cert", certificate), ("--tls-key", key)]
            where !FileManager.default.isReadableFile(atPath: path) {
                throw ValidationError("\(option) \(path): no readable file")
            }
            grpc.tls = (certificate, key)
        }
        if let size = maxMessage ?? Setting.grpcMaxMessage.environmentValue {
            guard let bytes = ByteSize.parse(size), bytes >= 1024, bytes <= 1 << 30 else {
                throw ValidationError("--grpc-max-message \(size): expected a size in 1KiB … 1GiB, such as 16MiB")
            }
            grpc.maxRequestBytes = bytes
        }
        grpc.access = try access(passwords)
        return grpc
    }

    /// The Flyte front ends' access: `--flyte-access` over its variable.
    func access(_ passwords: Passwords) throws -> FlyteAccess {
        switch access ?? Setting.flyteAccess.environmentValue ?? "server" {
        case "server": FlyteAccess.of(passwords)
        case "open": .open
        case let other: throw ValidationError("--flyte-access must be 'server' or 'open', got '\(other.prefix(40))'")
        }
    }
}
