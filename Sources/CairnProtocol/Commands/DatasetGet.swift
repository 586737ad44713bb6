import CairnCore

/// `DATASET.GET dataset`: one dataset.
public struct DatasetGet: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "DATASET.GET", arity: 2, flags: [.readonly, .fast], role: .reader, keys: (1, 1, 1), summary: "a dataset")

    public var dataset: DatasetID

    public init(dataset: DatasetID) { self.dataset = dataset }

    public init(from arguments: inout Arguments) throws { self.init(dataset: try arguments.dataset()) }

    public func encode(into arguments: inout ArgumentWriter) { arguments.append(dataset.description) }

    /// The dataset record (`-NOTFOUND` when there is none).
    public typealias Reply = Dataset

    public func encodeReply(_ reply: Dataset) -> RESPValue { CatalogWire.dataset(reply) }

    public func decodeReply(_ value: RESPValue) throws -> Dataset { try CatalogWire.dataset(value) }
}
