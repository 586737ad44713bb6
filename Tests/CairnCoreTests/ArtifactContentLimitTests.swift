import CairnCore
import Testing

@Suite struct ArtifactContentLimitTests {
    static func limits(_ change: (inout CatalogLimits) -> Void) -> CatalogLimits {
        var limits = CatalogLimits()
        change(&limits)
        return limits
    }

    @Test func itemCountAtTheLimitIsAcceptedAndOneMoreIsRejected() throws {
        let limits = Self.limits { $0.maxItems = 2 }
        _ = try ArtifactContent(items: [inlineItem("a", ""), inlineItem("b", "")], limits: limits)
        let error = expectCairnError(.limitExceeded, field: "data") {
            _ = try ArtifactContent(
                items: [inlineItem("a", ""), inlineItem("b", ""), inlineItem("c", "")],
                limits: limits)
        }
        #expect(error?.message.contains("limit 2") == true)
    }

    @Test func inlineValueOverTheLimitIsRejectedNamingTheItem() throws {
        let limits = Self.limits { $0.maxInlineValueBytes = 8 }
        _ = try ArtifactContent(items: [inlineItem("v", "12345678")], limits: limits)
        expectCairnError(.limitExceeded, field: "data item v") {
            _ = try ArtifactContent(items: [inlineItem("v", "123456789")], limits: limits)
        }
    }

    @Test func inlineTotalOverTheArtifactLimitIsRejected() throws {
        let limits = Self.limits { $0.maxArtifactInlineBytes = 10 }
        _ = try ArtifactContent(items: [inlineItem("a", "12345"), inlineItem("b", "12345")], limits: limits)
        expectCairnError(.limitExceeded, field: "data") {
            _ = try ArtifactContent(items: [inlineItem("a", "12345"), inlineItem("b", "123456")], limits: limits)
        }
    }

    @Test func blobSizesDoNotCountTowardsTheInlineLimit() throws {
        let limits = Self.limits { $0.maxArtifactInlineBytes = 1 }
        let content = try ArtifactContent(items: [blobItem("a", blob("s3://b/a", size: 1 << 40))], limits: limits)
        #expect(content.size == 1 << 40)
    }

    @Test func distinctBlobsOverTheLimitAreRejected() throws {
        let limits = Self.limits { $0.maxBlobs = 1 }
        let x = try blob("s3://b/x", size: 1)
        let y = try blob("s3://b/y", size: 1)
        _ = try ArtifactContent(items: [blobItem("a", x), blobItem("b", x)], declaredBlobs: [x], limits: limits)
        expectCairnError(.limitExceeded, field: "blobs") {
            _ = try ArtifactContent(items: [blobItem("a", x)], declaredBlobs: [y], limits: limits)
        }
    }

    @Test func metadataEntriesOverTheLimitAreRejected() throws {
        let limits = Self.limits { $0.maxMetadataEntries = 1 }
        _ = try ArtifactContent(items: [], metadata: ["a": "1"], limits: limits)
        expectCairnError(.limitExceeded, field: "metadata") {
            _ = try ArtifactContent(items: [], metadata: ["a": "1", "b": "2"], limits: limits)
        }
    }

    @Test func metadataValueLengthIsCountedInBytes() throws {
        let limits = Self.limits { $0.maxMetadataValueBytes = 4 }
        _ = try ArtifactContent(items: [], metadata: ["k": "éé"], limits: limits)
        expectCairnError(.limitExceeded, field: "metadata value of k") {
            _ = try ArtifactContent(items: [], metadata: ["k": "ééé"], limits: limits)
        }
    }

    @Test(arguments: [
        "", "has space", "slash/key", "ключ",
        String(repeating: "k", count: CatalogLimits.maxKeyLength + 1),
    ])
    func badMetadataKeyIsRejected(_ key: String) {
        expectCairnError(.invalidArgument, field: "metadata key") {
            _ = try ArtifactContent(items: [], metadata: [key: "v"])
        }
    }

    @Test func metadataKeyOfMaximumLengthIsAccepted() throws {
        _ = try ArtifactContent(items: [], metadata: [String(repeating: "k", count: CatalogLimits.maxKeyLength): "v"])
    }

    @Test func metadataValidationNamesTheGivenField() {
        expectCairnError(.invalidArgument, field: "dataset metadata key") {
            try CatalogLimits().validateMetadata(["bad key": "v"], field: "dataset metadata")
        }
    }
}
