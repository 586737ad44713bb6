import CairnCore
import CairnProtocol
import Foundation
import NIOCore
import Testing

@testable import CairnClient

/// What the client sends for a purge is what the server parses: every selector survives the trip.
@Suite struct PurgeArgumentsTests {
    static func parsed(_ arguments: [String]) throws -> AdminPurge {
        let command = try Command.parse(
            RESPRequest(arguments: (["ADMIN.PURGE"] + arguments).map { ByteBuffer(string: $0) }))
        guard case .adminPurge(let purge) = command else { throw CairnError(.internalError, "parsed as \(command)") }
        return purge
    }

    @Test func everySelectorRoundTrips() throws {
        var scoped = PurgeSelection()
        scoped.project = "p1"
        scoped.domain = "dev"
        scoped.namePrefix = "train"
        scoped.tag = try TagName("shared")
        scoped.artifacts = [.random(), .random()]
        scoped.createdBefore = .at(Date(timeIntervalSince1970: 1_790_000_000))
        scoped.notHitSince = .ago(.milliseconds(90_500))
        scoped.expired = true
        scoped.maxTotalSize = 512 << 20
        var exact = PurgeSelection()
        exact.dataset = try DatasetID(parsing: "p/d/n/v")
        exact.all = true
        for selection in [scoped, exact] {
            let words = AdminPurge(selection: selection).request.arguments.dropFirst().map { String(buffer: $0) }
            #expect(try Self.parsed(words).selection == selection)
        }
    }

    @Test func theServerRefusesWhatTheClientWouldNotSend() throws {
        #expect(throws: CommandError.self) { try Self.parsed([]) }
        #expect(throws: CommandError.self) { try Self.parsed(["DATASET", "p/d/n/v", "PROJECT", "p"]) }
        #expect(throws: CommandError.self) { try Self.parsed(["EXPIRED", "BATCH", "0"]) }
        #expect(throws: CommandError.self) { try Self.parsed(["CREATED-BEFORE", "yesterday"]) }
        let parsed = try Self.parsed(["EXPIRED", "DRYRUN", "BATCH", "9"])
        var expired = PurgeSelection()
        expired.expired = true
        #expect(parsed.selection == expired && parsed.dryRun && parsed.batchSize == 9)
    }
}
