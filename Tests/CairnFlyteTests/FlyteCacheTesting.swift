import CairnFlyteProtocol
import Foundation

@testable import CairnFlyte

/// Requests of both services, built the way Flyte's executor fills them.
enum CacheRequests {
    /// Bytes standing for a serialized `LiteralMap` (Cairn never reads them): not UTF-8, with a NUL.
    static let literals = Data([0x0A, 0x05, 0x0A, 0x01, 0x6F, 0x12, 0x00, 0xFF, 0xFE])

    static func put(
        _ key: String, literals: Data? = nil, uri: String? = nil, keyMap: [String: String] = [:],
        source: Data = Data(), overwrite: Bool = false, maxAge: Duration? = nil
    ) -> Flyteidl2_Cacheservice_PutCacheRequest {
        .with {
            $0.key = key
            if let literals { $0.output.outputLiterals = literals }
            if let uri { $0.output.outputUri = uri }
            if !keyMap.isEmpty { $0.output.metadata.keyMap.values = keyMap }
            if !source.isEmpty { $0.output.metadata.sourceIdentifier = source }
            if overwrite { $0.overwrite.overwrite = true }
            if let maxAge { $0.overwrite.maxAge = .init(maxAge) }
        }
    }

    static func get(_ key: String) -> Flyteidl2_Cacheservice_GetCacheRequest { .with { $0.key = key } }

    static func delete(_ key: String) -> Flyteidl2_Cacheservice_DeleteCacheRequest { .with { $0.key = key } }

    static func reserve(_ key: String, owner: String, heartbeat: Duration? = nil)
        -> Flyteidl2_Cacheservice_GetOrExtendReservationRequest
    {
        .with {
            $0.key = key
            $0.ownerID = owner
            if let heartbeat { $0.heartbeatInterval = .init(heartbeat) }
        }
    }

    static func release(_ key: String, owner: String) -> Flyteidl2_Cacheservice_ReleaseReservationRequest {
        .with {
            $0.key = key
            $0.ownerID = owner
        }
    }

    static func scope(org: String = "acme", _ project: String, _ domain: String) -> Flyteidl2_Cacheservice_V2_Identifier
    {
        .with {
            $0.org = org
            $0.project = project
            $0.domain = domain
        }
    }
}
