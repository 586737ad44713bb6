import CairnFlyteProtocol
import Foundation
import SwiftProtobuf
import Testing

/// The generated messages put each field at the number the published contracts give it
/// (flyteidl 1.16.x datacatalog, flyteidl2 2.0.x cache service), and read back what they wrote.
/// A wrong number in Protos/ would still round-trip, so the numbers are read off the wire by hand.
@Suite struct FieldNumberTests {
    @Test func datasetIDFieldsAreOneToSix() throws {
        var id = Datacatalog_DatasetID()
        id.project = "flytesnacks"
        id.name = "flyte_task-example.square"
        id.domain = "development"
        id.version = "1.0-abc-def"
        id.uuid = "6f1c0f8e"
        id.org = "acme"
        let bytes: [UInt8] = try id.serializedBytes()

        let wire = try WireFields(bytes)
        #expect(wire.fields.allSatisfy { $0.wireType == 2 })
        #expect(
            wire.strings == [
                1: "flytesnacks", 2: "flyte_task-example.square", 3: "development", 4: "1.0-abc-def", 5: "6f1c0f8e",
                6: "acme",
            ])
        #expect(try Datacatalog_DatasetID(serializedBytes: bytes) == id)
    }

    /// ArtifactData.value is a flyteidl.core.Literal on the published API and bytes here: a client's
    /// embedded Literal must arrive as exactly its encoding, and go back out unchanged.
    @Test func artifactDataValueCarriesTheLiteralEncoding() throws {
        // A Literal { scalar (1) { primitive (1) { integer (1): 7 } } }, encoded by hand.
        let literal: [UInt8] = [0x0A, 0x04, 0x0A, 0x02, 0x08, 0x07]
        var wireFromClient: [UInt8] = [0x0A, 0x01, UInt8(ascii: "o")]
        wireFromClient += [0x12, UInt8(literal.count)] + literal

        let data = try Datacatalog_ArtifactData(serializedBytes: wireFromClient)
        #expect(data.name == "o")
        #expect(Array(data.value) == literal)
        let reencoded: [UInt8] = try data.serializedBytes()
        #expect(reencoded == wireFromClient)
    }

    @Test func scopedCacheRequestWrapsTheBaseRequest() throws {
        var request = Flyteidl2_Cacheservice_V2_GetCacheRequest()
        request.baseRequest.key = "k-123"
        request.identifier.org = "acme"
        request.identifier.project = "p"
        request.identifier.domain = "d"
        let bytes: [UInt8] = try request.serializedBytes()

        let wire = try WireFields(bytes)
        #expect(wire.fields.map(\.number) == [1, 2])
        #expect(try WireFields(#require(wire.payload(1))).strings == [1: "k-123"])
        #expect(try WireFields(#require(wire.payload(2))).strings == [1: "acme", 2: "p", 3: "d"])
        #expect(try Flyteidl2_Cacheservice_V2_GetCacheRequest(serializedBytes: bytes) == request)
    }

    @Test func reservationIsKeyOwnerHeartbeatExpiry() throws {
        var reservation = Flyteidl2_Cacheservice_Reservation()
        reservation.key = "k"
        reservation.ownerID = "owner"
        reservation.heartbeatInterval = .init(seconds: 10)
        reservation.expiresAt = .init(seconds: 1_700_000_000)
        let bytes: [UInt8] = try reservation.serializedBytes()

        let wire = try WireFields(bytes)
        #expect(wire.fields.map(\.number) == [1, 2, 3, 4])
        #expect(try WireFields(#require(wire.payload(3))).fields == [.init(number: 1, wireType: 0, varint: 10)])
        #expect(try Flyteidl2_Cacheservice_Reservation(serializedBytes: bytes) == reservation)
    }
}
