import CairnCore
import Testing

@Suite struct BlobReferenceTests {
    @Test func validReferenceKeepsItsFields() throws {
        let reference = try BlobReference(uri: "s3://bucket/key/part-0001", size: 1234, sha256: digest("x"))
        #expect(reference.uri == "s3://bucket/key/part-0001")
        #expect(reference.size == 1234)
        #expect(reference.sha256 == digest("x"))
    }

    @Test func emptyBlobIsAllowed() throws {
        #expect(try BlobReference(uri: "file:///tmp/empty", size: 0, sha256: digest("")).size == 0)
    }

    @Test(arguments: [-1, Int64.min])
    func negativeSizeIsRejected(_ size: Int64) {
        expectCairnError(.invalidArgument, field: "blob size") {
            _ = try BlobReference(uri: "file:///tmp/x", size: size, sha256: digest("x"))
        }
    }

    @Test(arguments: ["", "file:///tmp/with space", " s3://b/k", "s3://b/k\n", "s3://b/\u{7F}", "s3://b/ä"])
    func emptyOrNonVisibleURIIsRejected(_ uri: String) {
        expectCairnError(.invalidArgument, field: "blob uri") {
            _ = try BlobReference(uri: uri, size: 1, sha256: digest("x"))
        }
    }

    @Test func uriLengthIsBounded() throws {
        let prefix = "s3://bucket/"
        let longest = prefix + String(repeating: "k", count: BlobReference.maxURILength - prefix.utf8.count)
        _ = try BlobReference(uri: longest, size: 1, sha256: digest("x"))
        expectCairnError(.invalidArgument, field: "blob uri") {
            _ = try BlobReference(uri: longest + "k", size: 1, sha256: digest("x"))
        }
    }
}
