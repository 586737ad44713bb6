import CairnCore
import Foundation

/// How a `CACHE.EXPLAIN` answer looks on the wire, both ways (docs/protocol.md). Records are maps:
/// flat `key value …` arrays in RESP2.
public enum ExplainWire {
    public static func explanation(_ explanation: CacheExplanation) -> RESPValue {
        record([
            ("cause", .bulk(explanation.cause.rawValue)),
            ("summary", .bulk(explanation.summary)),
            ("artifact", explanation.artifact.map { .bulk($0.description) } ?? .null),
            ("created", ArtifactWire.time(explanation.createdAt)),
            ("expires", ArtifactWire.time(explanation.expiresAt)),
            ("removed", ArtifactWire.time(explanation.removedAt)),
            ("removed_by", text(explanation.removedBy)),
            ("nearest", explanation.nearest.map(nearest) ?? .null),
            ("input_count", .integer(Int64(explanation.inputCount))),
            ("differences", .array(explanation.differences.map(difference))),
        ])
    }

    static func nearest(_ nearest: CacheExplanation.Nearest) -> RESPValue {
        record([
            ("dataset", .bulk(nearest.dataset.description)),
            ("artifact", .bulk(nearest.artifact.description)),
            ("created", .integer(nearest.createdAt.unixMilliseconds)),
            ("shared_inputs", .integer(Int64(nearest.sharedInputs))),
            ("metadata", ArtifactWire.flat(nearest.metadata)),
        ])
    }

    static func difference(_ difference: CacheExplanation.Difference) -> RESPValue {
        record([
            ("kind", .bulk(difference.kind)), ("name", text(difference.name)), ("old", text(difference.old)),
            ("new", text(difference.new)), ("old_preview", text(difference.oldPreview)),
            ("new_preview", text(difference.newPreview)),
        ])
    }

    /// Reads ``explanation(_:)-swift.type.method``.
    public static func explanation(_ value: RESPValue) throws -> CacheExplanation {
        let record = try value.record("CACHE.EXPLAIN reply")
        let causeText = try UnexpectedReply.field(record, "cause").string("cause")
        guard let cause = CacheExplanation.Cause(rawValue: causeText) else {
            throw value.unexpected("cause", "live, expired, removed, differs or never_seen")
        }
        return try UnexpectedReply.decoding("CACHE.EXPLAIN reply") {
            CacheExplanation(
                cause: cause,
                artifact: try optionalText(record["artifact"], "artifact").map { try ArtifactID(parsing: $0) },
                createdAt: try record["created"]?.optionalDate("created"),
                expiresAt: try record["expires"]?.optionalDate("expires"),
                removedAt: try record["removed"]?.optionalDate("removed"),
                removedBy: try optionalText(record["removed_by"], "removed_by"),
                nearest: try record["nearest"].flatMap { $0.isNull ? nil : try nearest($0) },
                differences: try record["differences"]?.array("differences").map(difference) ?? [],
                inputCount: Int(try record["input_count"]?.integer("input_count") ?? 0))
        }
    }

    static func nearest(_ value: RESPValue) throws -> CacheExplanation.Nearest {
        let record = try value.record("nearest")
        return CacheExplanation.Nearest(
            dataset: try DatasetID(parsing: try UnexpectedReply.field(record, "dataset").string("dataset")),
            artifact: try ArtifactID(parsing: try UnexpectedReply.field(record, "artifact").string("artifact")),
            createdAt: try UnexpectedReply.field(record, "created").date("created"),
            sharedInputs: Int(try record["shared_inputs"]?.integer("shared_inputs") ?? 0),
            metadata: try record["metadata"]?.stringMap("metadata") ?? [:])
    }

    static func difference(_ value: RESPValue) throws -> CacheExplanation.Difference {
        let record = try value.record("difference")
        return CacheExplanation.Difference(
            kind: try UnexpectedReply.field(record, "kind").string("kind"),
            name: try optionalText(record["name"], "name"),
            old: try optionalText(record["old"], "old"), new: try optionalText(record["new"], "new"),
            oldPreview: try optionalText(record["old_preview"], "old_preview"),
            newPreview: try optionalText(record["new_preview"], "new_preview"))
    }

    static func text(_ value: String?) -> RESPValue { value.map(RESPValue.bulk) ?? .null }

    static func optionalText(_ value: RESPValue?, _ field: String) throws -> String? {
        guard let value, !value.isNull else { return nil }
        return try value.string(field)
    }

    private static func record(_ fields: [(String, RESPValue)]) -> RESPValue {
        .map(fields.map { (key: .bulk($0.0), value: $0.1) })
    }
}
