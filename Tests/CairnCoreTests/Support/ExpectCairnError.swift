import CairnCore
import Foundation
import Testing

/// Expects `body` to throw a ``CairnError`` with `code` about `field`, and returns it for further checks.
@discardableResult
func expectCairnError(
    _ code: CairnError.Code, field: String?, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> CairnError? {
    let error = #expect(throws: CairnError.self, sourceLocation: sourceLocation) { try body() }
    guard let error else { return nil }
    #expect(error.code == code, "wrong code for \(error)", sourceLocation: sourceLocation)
    #expect(error.field == field, "wrong field for \(error)", sourceLocation: sourceLocation)
    return error
}

/// A digest for test data: the SHA-256 of `text`.
func digest(_ text: String) -> SHA256Digest {
    SHA256Digest.of(Array(text.utf8))
}
