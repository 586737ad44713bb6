import CairnCore
import Foundation
import NIOCore
import Testing

@testable import CairnProtocol

/// Parses `words` as one request; a catalog command or a thrown error.
func parseCatalog(_ words: [String]) throws -> CatalogCommand {
    let command = try Command.parse(RESPRequest(arguments: words.map { ByteBuffer(string: $0) }))
    guard case .catalog(let catalog) = command else { throw CommandError("not a catalog command: \(words)") }
    return catalog
}

/// The error reply text `words` get, or nil when they parse.
func catalogFailure(_ words: [String]) -> String? {
    do {
        _ = try Command.parse(RESPRequest(arguments: words.map { ByteBuffer(string: $0) }))
        return nil
    } catch {
        return "\(error)"
    }
}

let sampleDataset = try! DatasetID(parsing: "p/d/n/v")
let sampleID = try! ArtifactID(parsing: "0b8a3f4e-5c1d-4e2f-9a3b-7c6d5e4f3a2b")

@Suite struct DatasetParsingTests {
    let ds = sampleDataset

    @Test func createTakesMetadataAndPartitionKeysInAnyOrder() throws {
        #expect(
            try parseCatalog(["dataset.create", "p/d/n/v", "META", "owner", "me", "partition", "day", "meta", "a", "1"])
                == .datasetCreate(.init(dataset: ds, metadata: ["owner": "me", "a": "1"], partitionKeys: ["day"])))
        #expect(
            try parseCatalog(["DATASET.CREATE", "p/d/n/v"])
                == .datasetCreate(.init(dataset: ds, metadata: [:], partitionKeys: [])))
    }

    @Test func createErrorsNameTheArgument() {
        #expect(catalogFailure(["DATASET.CREATE"]) == "ERR wrong number of arguments for 'dataset.create' command")
        #expect(catalogFailure(["DATASET.CREATE", "p/d/n/v", "META", "k"]) == "ERR META needs a key and a value")
        #expect(catalogFailure(["DATASET.CREATE", "p/d/n/v", "PARTITION"]) == "ERR PARTITION needs a value")
        #expect(
            catalogFailure(["DATASET.CREATE", "p/d/n/v", "TTL", "5"])
                == "ERR syntax error: unknown DATASET.CREATE option 'TTL' (expected META, PARTITION)")
        #expect(
            catalogFailure(["DATASET.CREATE", "nope"])
                == "ERR dataset: expected project/domain/name/version, got 1 part(s) in \"nope\"")
    }

    @Test func getTakesExactlyOneDataset() throws {
        #expect(try parseCatalog(["DATASET.GET", "p/d/n/v"]) == .datasetGet(DatasetGet(dataset: ds)))
        #expect(catalogFailure(["DATASET.GET"]) == "ERR wrong number of arguments for 'dataset.get' command")
        #expect(
            catalogFailure(["DATASET.GET", "p/d/n/v", "x"]) == "ERR wrong number of arguments for 'dataset.get' command"
        )
        #expect(catalogFailure(["DATASET.GET", "p/d//v"]) == "ERR name: must not be empty")
    }

    @Test func listReadsEveryFilterAndThePage() throws {
        #expect(
            try parseCatalog(["DATASET.LIST"])
                == .datasetList(DatasetList(filter: DatasetFilter(), page: PageRequest())))
        #expect(
            try parseCatalog([
                "DATASET.LIST", "project", "p", "DOMAIN", "d", "PREFIX", "t-", "LIMIT", "7", "CURSOR", "c",
            ])
                == .datasetList(
                    DatasetList(
                        filter: DatasetFilter(project: "p", domain: "d", namePrefix: "t-"),
                        page: PageRequest(limit: 7, cursor: "c"))))
    }

    @Test func listMetadataConditionsAreAndedNotReplaced() throws {
        guard
            case .datasetList(let list) = try parseCatalog([
                "DATASET.LIST", "META", "owner", "ml", "META", "tier", "gold", "META", "owner", "ml", "META", "owner",
                "web",
            ])
        else { throw CommandError("not DATASET.LIST") }
        #expect(list.filter.metadata.values == ["owner": ["ml", "web"], "tier": ["gold"]])
        #expect(list.filter.metadata.entries.map { "\($0.key)=\($0.value)" } == ["owner=ml", "owner=web", "tier=gold"])
        #expect(catalogFailure(["DATASET.LIST", "META", "owner"]) == "ERR META needs a key and a value")
        #expect(catalogFailure(["ARTIFACT.LIST", "p/d/n/v", "META"]) == "ERR META needs a key and a value")
    }

    @Test func listRejectsBadLimitsAndUnknownOptions() {
        #expect(
            catalogFailure(["DATASET.LIST", "LIMIT", "x"]) == "ERR LIMIT must be an integer in 1 … 1000000, got 'x'")
        #expect(
            catalogFailure(["DATASET.LIST", "LIMIT", "0"]) == "ERR LIMIT must be an integer in 1 … 1000000, got '0'")
        #expect(catalogFailure(["DATASET.LIST", "LIMIT"]) == "ERR LIMIT needs a value")
        #expect(catalogFailure(["DATASET.LIST", "CURSOR"]) == "ERR CURSOR needs a value")
        #expect(
            catalogFailure(["DATASET.LIST", "NAME", "x"])
                == "ERR syntax error: unknown DATASET.LIST option 'NAME' "
                + "(expected CURSOR, DOMAIN, LIMIT, META, PREFIX, PROJECT)")
    }
}

@Suite struct TagAndDeleteParsingTests {
    @Test func tagAddKeepsByDefaultAndOverwritesOnRequest() throws {
        let tag = try TagName("t1")
        #expect(
            try parseCatalog(["TAG.ADD", "p/d/n/v", "t1", sampleID.description])
                == .tagAdd(.init(dataset: sampleDataset, tag: tag, artifact: sampleID, overwrite: false)))
        #expect(
            try parseCatalog(["tag.add", "p/d/n/v", "t1", sampleID.description, "overwrite"])
                == .tagAdd(.init(dataset: sampleDataset, tag: tag, artifact: sampleID, overwrite: true)))
    }

    @Test func tagAddErrors() {
        #expect(catalogFailure(["TAG.ADD", "p/d/n/v", "t1"]) == "ERR wrong number of arguments for 'tag.add' command")
        #expect(catalogFailure(["TAG.ADD", "p/d/n/v", "t1", "42"]) == "ERR artifact: \"42\" is not a UUID")
        #expect(
            catalogFailure(["TAG.ADD", "p/d/n/v", "t1", sampleID.description, "FORCE"])
                == "ERR syntax error: unknown TAG.ADD option 'FORCE' (expected OVERWRITE)")
        #expect(
            catalogFailure(["TAG.ADD", "p/d/n/v", "a b", sampleID.description])
                == "ERR tag: has a character outside visible ASCII without spaces at offset 1")
    }

    @Test func deleteTakesOneArtifactID() throws {
        #expect(
            try parseCatalog(["ARTIFACT.DELETE", sampleID.description]) == .artifactDelete(ArtifactDelete(id: sampleID))
        )
        #expect(
            try parseCatalog(["ARTIFACT.DELETE", sampleID.description.uppercased()])
                == .artifactDelete(ArtifactDelete(id: sampleID)))
        #expect(catalogFailure(["ARTIFACT.DELETE", "p/d/n/v"]) == "ERR artifact: \"p/d/n/v\" is not a UUID")
        #expect(
            catalogFailure(["ARTIFACT.DELETE", sampleID.description, "x"])
                == "ERR wrong number of arguments for 'artifact.delete' command")
    }

    @Test func theTableGivesEveryCatalogCommandItsRoleFlagsArityAndKeys() throws {
        let expected: [(String, Int, [String], CommandSpec.Role, Int, Int)] = [
            ("DATASET.CREATE", -2, ["write"], .writer, 1, 1),
            ("DATASET.GET", 2, ["readonly", "fast"], .reader, 1, 1),
            ("DATASET.LIST", -1, ["readonly"], .reader, 0, 0),
            ("ARTIFACT.CREATE", -5, ["write"], .writer, 1, 1),
            ("ARTIFACT.GET", -2, ["readonly", "fast"], .reader, 1, -1),
            ("ARTIFACT.LIST", -2, ["readonly"], .reader, 1, 1),
            ("ARTIFACT.UPDATE", -5, ["write"], .writer, 1, 1),
            ("ARTIFACT.DELETE", 2, ["write", "fast"], .writer, 1, 1),
            ("TAG.ADD", -4, ["write", "fast"], .writer, 1, 2),
        ]
        for (name, arity, flags, role, first, last) in expected {
            let spec = try #require(CommandTable.spec(name))
            #expect(spec.arity == arity, "\(name)")
            #expect(spec.flags.map(\.rawValue) == flags, "\(name)")
            #expect(spec.role == role, "\(name)")
            #expect((spec.firstKey, spec.lastKey) == (first, last), "\(name)")
        }
    }
}
