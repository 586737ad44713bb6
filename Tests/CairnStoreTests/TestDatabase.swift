import CairnCore
import CairnTestSupport
import Foundation
import Testing

@testable import CairnStore

/// Shorthands for building values in tests.
func dataset(_ name: String = "task-a", version: String = "v1", project: String = "proj", domain: String = "dev") throws
    -> DatasetID
{
    try DatasetID(project: project, domain: domain, name: name, version: version)
}

func tag(_ value: String) throws -> TagName { try TagName(value) }

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

func item(_ name: String, _ text: String) throws -> DataItem { try .inline(name, bytes(text)) }

func digest(_ text: String) -> SHA256Digest { .of(Array(text.utf8)) }

/// Expects `body` to throw a ``CairnError`` with `code`, and returns it.
@discardableResult
func expectCairnError<T>(
    _ code: CairnError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async -> CairnError? {
    do {
        _ = try await body()
        Issue.record("expected a \(code) error, got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as CairnError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected CairnError \(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
