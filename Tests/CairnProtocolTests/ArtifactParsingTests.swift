import CairnCore
import Foundation
import NIOCore
import Testing

@testable import CairnProtocol

@Suite struct ArtifactParsingTests {
    let ds = sampleDataset
    let id = sampleID
    let sha = String(repeating: "ab", count: 32)
    let createOptions = "(expected BLOB, DATA, ID, META, PARTITION, TAG, TTL)"

    func create(_ words: String...) -> String? { catalogFailure(["ARTIFACT.CREATE", "p/d/n/v"] + words) }

    @Test func createReadsEveryOption() throws {
        let blob = try BlobReference(uri: "s3://b/k", size: 12, sha256: SHA256Digest(hex: sha))
        let parsed = try parseCatalog([
            "ARTIFACT.CREATE", "p/d/n/v", "ID", id.description, "TTL", "60", "META", "m", "1", "PARTITION", "day",
            "mon", "TAG", "t1", "tag", "t2", "BLOB", "s3://b/k", "12", sha, "DATA", "o0", "x", "o1", "",
        ])
        let expected = NewArtifact(
            id: id, dataset: ds, items: [try .inline("o0", Array("x".utf8)), try .inline("o1", [])], blobs: [blob],
            metadata: ["m": "1"], partitions: ["day": "mon"], tags: [try TagName("t1"), try TagName("t2")],
            ttl: .seconds(60))
        #expect(parsed == .artifactCreate(ArtifactCreate(expected)))
    }

    @Test func everythingAfterDataIsData() throws {
        #expect(
            try parseCatalog(["ARTIFACT.CREATE", "p/d/n/v", "DATA", "o0", "TTL"])
                == .artifactCreate(
                    ArtifactCreate(NewArtifact(dataset: ds, items: [try .inline("o0", Array("TTL".utf8))]))))
    }

    @Test func createErrorsNameTheArgument() {
        #expect(create("TTL", "5", "META", "k", "v") == "ERR ARTIFACT.CREATE needs DATA name value [name value …]")
        #expect(create("DATA", "o0", "x", "o1") == "ERR DATA needs name value pairs")
        #expect(create("ID", "nope", "DATA", "o0", "x") == "ERR artifact: \"nope\" is not a UUID")
        #expect(
            create("TTL", "0", "DATA", "o0", "x") == "ERR TTL must be an integer in 1 … 3153600000 seconds, got '0'")
        #expect(
            create("META", "k", "DATA", "o0")
                == "ERR syntax error: unknown ARTIFACT.CREATE option 'O0' \(createOptions)")
        #expect(
            create("PARTITION", "day", "DATA", "o0", "x")
                == "ERR syntax error: unknown ARTIFACT.CREATE option 'O0' \(createOptions)")
        #expect(
            create("EXPIRE", "5", "DATA", "o0", "x")
                == "ERR syntax error: unknown ARTIFACT.CREATE option 'EXPIRE' \(createOptions)")
        #expect(
            create("BLOB", "s3://b/k", "12", "abc", "DATA", "o0", "x")
                == "ERR sha256: expected 64 hex digits, got 3 characters")
        #expect(
            create("BLOB", "s3://b/k", "big", sha, "DATA", "o0", "x")
                == "ERR BLOB size must be an integer in 0 … 9223372036854775807 bytes, got 'big'")
        #expect(create("META", "k", "v", "TAG") == "ERR TAG needs a value")
        #expect(
            create("DATA", "bad/name", "x")
                == "ERR data item name: has a character outside letters, digits and . _ - : + = @ at offset 3")
        #expect(
            catalogFailure(["ARTIFACT.CREATE", "p/d/n/v", "DATA", "o0"])
                == "ERR wrong number of arguments for 'artifact.create' command")
    }

    @Test func getTellsAnIDFromADatasetByTheSlash() throws {
        #expect(try parseCatalog(["ARTIFACT.GET", id.description]) == .artifactGet(ArtifactGet(.id(id))))
        #expect(
            try parseCatalog(["ARTIFACT.GET", "p/d/n/v", "t1"])
                == .artifactGet(ArtifactGet(.tag(ds, try TagName("t1")))))
        #expect(
            catalogFailure(["ARTIFACT.GET", "p/d/n/v"]) == "ERR ARTIFACT.GET needs a tag after the dataset p/d/n/v")
        #expect(catalogFailure(["ARTIFACT.GET", "t1"]) == "ERR artifact: \"t1\" is not a UUID")
        #expect(
            catalogFailure(["ARTIFACT.GET", id.description, "t1"])
                == "ERR wrong number of arguments for 'artifact.get' command")
        #expect(
            catalogFailure(["ARTIFACT.GET", "p/d/n/v", "t1", "x"])
                == "ERR wrong number of arguments for 'artifact.get' command")
    }

    @Test func listReadsFiltersAndThePage() throws {
        #expect(
            try parseCatalog(["ARTIFACT.LIST", "p/d/n/v"])
                == .artifactList(.init(dataset: ds, filter: ArtifactFilter(), page: PageRequest())))
        let parsed = try parseCatalog([
            "ARTIFACT.LIST", "p/d/n/v", "TAG", "t1", "PARTITION", "day", "mon", "PARTITION", "region", "eu",
            "CREATED-FROM", "1700000000000", "created-before", "1700000001500", "VALUES", "LIMIT", "3", "CURSOR", "c",
            "META", "team", "ml", "meta", "stage", "prod",
        ])
        let filter = ArtifactFilter(
            tag: try TagName("t1"), partitions: ["day": "mon", "region": "eu"],
            metadata: ["team": "ml", "stage": "prod"],
            createdFrom: Date(timeIntervalSince1970: 1_700_000_000),
            createdBefore: Date(timeIntervalSince1970: 1_700_000_001.5),
            includeValues: true)
        #expect(parsed == .artifactList(.init(dataset: ds, filter: filter, page: PageRequest(limit: 3, cursor: "c"))))
    }

    @Test func listErrors() {
        #expect(
            catalogFailure(["ARTIFACT.LIST", "p/d/n/v", "CREATED-FROM", "yesterday"])
                == "ERR CREATED-FROM must be an integer in 0 … 253402300799999 ms since 1970, got 'yesterday'")
        #expect(
            catalogFailure(["ARTIFACT.LIST", "p/d/n/v", "LIMIT", "-1"])
                == "ERR LIMIT must be an integer in 1 … 1000000, got '-1'")
        #expect(
            catalogFailure(["ARTIFACT.LIST", "p/d/n/v", "PARTITION", "day"]) == "ERR PARTITION needs a key and a value")
        #expect(
            catalogFailure(["ARTIFACT.LIST", "p/d/n/v", "DATA"])
                == "ERR syntax error: unknown ARTIFACT.LIST option 'DATA' "
                + "(expected CREATED-BEFORE, CREATED-FROM, CURSOR, LIMIT, META, PARTITION, TAG, VALUES)")
    }

    @Test func updateMapsTTLAndPersistToTheExpiry() throws {
        #expect(
            try parseCatalog(["ARTIFACT.UPDATE", id.description, "META", "m", "2", "DATA", "o0", "y"])
                == .artifactUpdate(
                    .init(
                        reference: .id(id), data: [try .inline("o0", Array("y".utf8))], metadata: ["m": "2"], blobs: [],
                        expiry: .keep)))
        #expect(
            try parseCatalog(["ARTIFACT.UPDATE", "p/d/n/v", "t1", "TTL", "30", "DATA", "o0", "y"])
                == .artifactUpdate(
                    .init(
                        reference: .tag(ds, try TagName("t1")), data: [try .inline("o0", Array("y".utf8))],
                        metadata: [:], blobs: [], expiry: .after(.seconds(30)))))
        #expect(
            try parseCatalog(["ARTIFACT.UPDATE", id.description, "PERSIST", "DATA", "o0", "y"])
                == .artifactUpdate(
                    .init(
                        reference: .id(id), data: [try .inline("o0", Array("y".utf8))], metadata: [:], blobs: [],
                        expiry: .never)))
    }

    @Test func updateErrors() {
        let update = ["ARTIFACT.UPDATE", id.description]
        #expect(
            catalogFailure(update + ["TTL", "5", "PERSIST", "DATA", "o0", "y"])
                == "ERR ARTIFACT.UPDATE takes at most one TTL or PERSIST")
        #expect(
            catalogFailure(update + ["META", "m", "1", "PERSIST"])
                == "ERR ARTIFACT.UPDATE needs DATA name value [name value …]")
        #expect(
            catalogFailure(update + ["PARTITION", "day", "DATA", "o0", "y"])
                == "ERR syntax error: unknown ARTIFACT.UPDATE option 'PARTITION' (expected BLOB, DATA, META, PERSIST, TTL)"
        )
        #expect(
            catalogFailure(["ARTIFACT.UPDATE", "not-a-uuid", "DATA", "o0", "y"])
                == "ERR artifact: \"not-a-uuid\" is not a UUID")
    }
}
