import CairnCore

/// `CACHE.RESERVE dataset tag owner lease-ms`: takes or extends the lease on a tag.
public struct CacheReserve: CommandDefinition, Hashable {
    public static let spec = CommandSpec(
        "CACHE.RESERVE", arity: 5, flags: [.write, .fast], role: .writer, keys: (1, 2, 1),
        summary: "get or extend the reservation of a tag")

    public var dataset: DatasetID
    public var tag: TagName
    public var owner: String
    /// How long the lease lasts; zero asks for the server's default.
    public var lease: Duration

    public init(dataset: DatasetID, tag: TagName, owner: String, lease: Duration = .zero) {
        self.dataset = dataset
        self.tag = tag
        self.owner = owner
        self.lease = lease
    }

    public init(from arguments: inout Arguments) throws {
        let (dataset, tag, owner) = (try arguments.dataset(), try arguments.tag(), arguments.nextString()!)
        let lease = try arguments.integer("lease-ms", in: .leaseMilliseconds)
        self.init(dataset: dataset, tag: tag, owner: owner, lease: .milliseconds(lease))
    }

    public func encode(into arguments: inout ArgumentWriter) {
        arguments.append(dataset.description)
        arguments.append(tag.value)
        arguments.append(owner)
        // Saturating: an absurd lease reaches the server as a number it refuses, never a trap here.
        arguments.append(
            Int64(
                clamping: Int128(lease.components.seconds) * 1000
                    + Int128(lease.components.attoseconds / 1_000_000_000_000_000)))
    }

    /// `acquired` (with the fencing token to put with), `held` by someone else, or `cached`.
    public typealias Reply = ReservationOutcome

    public func encodeReply(_ reply: ReservationOutcome) -> RESPValue { ArtifactWire.reservation(reply) }

    public func decodeReply(_ value: RESPValue) throws -> ReservationOutcome {
        try ArtifactWire.reservation(from: value, dataset: dataset, tag: tag)
    }
}
