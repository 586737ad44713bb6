import CairnCore
import Testing

@Suite struct ArtifactContentTests {
    @Test func itemsAreSortedByName() throws {
        let content = try ArtifactContent(items: [inlineItem("b", "2"), inlineItem("a", "1"), inlineItem("C", "3")])
        #expect(content.items.map(\.name) == ["C", "a", "b"])
    }

    @Test func emptyContentHasNoSizeAndNoBlobs() throws {
        let content = try ArtifactContent(items: [])
        #expect(content.items.isEmpty)
        #expect(content.blobs.isEmpty)
        #expect(content.size == 0)
    }

    @Test func duplicateItemNamesAreRejected() {
        let error = expectCairnError(.invalidArgument, field: "data") {
            _ = try ArtifactContent(items: [inlineItem("a", "1"), inlineItem("b", "2"), inlineItem("a", "1")])
        }
        #expect(error?.message.contains("\"a\"") == true)
    }

    @Test func omittedValuesAreRejected() {
        expectCairnError(.invalidArgument, field: "data item x") {
            _ = try ArtifactContent(items: [inlineItem("a", "1"), DataItem(name: "x", value: .omitted(size: 1))])
        }
    }

    @Test func badItemNameIsRejected() {
        expectCairnError(.invalidArgument, field: "data item name") { _ = try inlineItem("a b", "1") }
        expectCairnError(.invalidArgument, field: "data item name") {
            _ = try inlineItem(String(repeating: "n", count: DataItem.maxNameLength + 1), "1")
        }
    }

    @Test func metadataIsKept() throws {
        let content = try ArtifactContent(items: [], metadata: ["owner": "ml team", "run": "42"])
        #expect(content.metadata == ["owner": "ml team", "run": "42"])
    }

    @Test func sizeIsInlineBytesPlusDistinctBlobSizes() throws {
        let x = try blob("s3://b/x", size: 100, content: "x")
        let y = try blob("s3://b/y", size: 50, content: "y")
        let content = try ArtifactContent(
            items: [inlineItem("a", "abc"), blobItem("b", x), blobItem("c", x), inlineItem("d", "")],
            declaredBlobs: [y, x])
        #expect(content.size == 3 + 100 + 50)
    }

    @Test func blobsAreDeduplicatedByURIAndSorted() throws {
        let x = try blob("s3://b/x", size: 100, content: "x")
        let y = try blob("s3://b/y", size: 50, content: "y")
        let z = try blob("file:///z", size: 1, content: "z")
        let content = try ArtifactContent(items: [blobItem("b", y), blobItem("a", x)], declaredBlobs: [x, z, y, z])
        #expect(content.blobs == [z, x, y])
    }

    @Test func declaredBlobConflictingWithAnItemBlobIsRejected() throws {
        let item = try blob("s3://b/x", size: 100, content: "one")
        let declared = try blob("s3://b/x", size: 100, content: "two")
        expectCairnError(.invalidArgument, field: "blob s3://b/x") {
            _ = try ArtifactContent(items: [blobItem("a", item)], declaredBlobs: [declared])
        }
    }

    @Test func blobDeclaredTwiceWithDifferentSizesIsRejected() throws {
        let first = try blob("s3://b/x", size: 100)
        let second = try blob("s3://b/x", size: 101)
        expectCairnError(.invalidArgument, field: "blob s3://b/x") {
            _ = try ArtifactContent(items: [], declaredBlobs: [first, second])
        }
    }

    @Test func twoItemsNamingOneURIWithDifferentDigestsAreRejected() throws {
        let first = try blob("s3://b/x", size: 100, content: "one")
        let second = try blob("s3://b/x", size: 100, content: "two")
        expectCairnError(.invalidArgument, field: "blob s3://b/x") {
            _ = try ArtifactContent(items: [blobItem("a", first), blobItem("b", second)])
        }
    }

    @Test func blobSizesThatOverflowTheTotalAreRejected() throws {
        let first = try blob("s3://b/x", size: .max)
        let second = try blob("s3://b/y", size: 1)
        expectCairnError(.limitExceeded, field: "blobs") {
            _ = try ArtifactContent(items: [blobItem("a", first)], declaredBlobs: [second])
        }
    }
}
