import ArgumentParser
import CairnClient
import CairnCore

/// `cairn reserve <dataset> <tag> <owner> [--lease-ms n]`.
struct ReserveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reserve",
        abstract: "Take the lease on a tag: print acquired (with the fencing token), held, or cached.",
        discussion: "Exit code 0 when acquired or cached, 1 when someone else holds the lease.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The dataset: project/domain/name/version.")
    var dataset: String

    @Argument(help: "The tag.")
    var tag: String

    @Argument(help: "Who takes the lease (e.g. an engine run and node).")
    var owner: String

    @Option(name: .customLong("lease-ms"), help: "Lease length in milliseconds (default: the server's, 60 s).")
    var leaseMilliseconds: Int64 = 0

    func validate() throws {
        do {
            try NumericRange.leaseMilliseconds.check(leaseMilliseconds, argument: "--lease-ms")
        } catch let error as CairnError {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let dataset = try ClientArguments.dataset(dataset)
        let tag = try ClientArguments.tag(tag)
        let outcome = try await client.withClient { client in
            try await client.reserve(dataset: dataset, tag: tag, owner: owner, lease: .milliseconds(leaseMilliseconds))
        }
        switch outcome {
        case .acquired(let reservation): try report("acquired", reservation)
        case .held(let reservation):
            try report("held", reservation)
            throw ExitCode(1)
        case .cached(let id):
            if client.json {
                try ClientOutput.printJSON(["outcome": "cached", "id": id.description])
            } else {
                print("cached \(id)")
            }
        }
    }

    private func report(_ outcome: String, _ reservation: Reservation) throws {
        if client.json {
            try ClientOutput.printJSON([
                "outcome": outcome, "owner": reservation.owner, "token": reservation.fencingToken,
                "expires": ClientOutput.milliseconds(reservation.expiresAt),
            ])
        } else {
            print(
                "\(outcome) owner=\(reservation.owner) token=\(reservation.fencingToken) expires=\(ClientOutput.text(reservation.expiresAt))"
            )
        }
    }
}
