import CairnCore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnStore

/// Metadata written as JSON text and read back from jsonb: values that need no escape (written
/// whole) and values that do (quotes, backslashes, control characters) come back the same.
@Suite struct MetadataEncodingTests {
    @Test func metadataWithAndWithoutCharactersToEscapeRoundTrips() async throws {
        try await TestDatabase.withStore { store, _ in
            let metadata = [
                "plain": "6f1c9a52-3d41-4c0e-9e2a-5b7f1d8e0a11", "quoted": #"{"inputs":{"x":"int"}}"#,
                "controls": "a\tb\nc\u{1}d\\e", "unicode": "naïve → ✓",
            ]
            let put = try await store.put(try dataset(), tag("meta"), data: [try item("o0", "v")], metadata: metadata)
            #expect(try await store.get(try dataset(), tag("meta"))?.metadata == metadata)
            #expect(try await store.artifact(.id(put.artifactID)).metadata == metadata)
        }
    }
}
