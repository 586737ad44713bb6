/// How the Flyte front ends answer where Flyte's own services have settings.
public struct FlyteConfiguration: Sendable, Hashable {
    /// The longest heartbeat interval a reservation is granted; a longer request is capped
    /// (Flyte's datacatalog: `reservation.maxHeartbeatInterval`).
    public var maxHeartbeatInterval: Duration = .seconds(10)
    /// A reservation lasts this many heartbeat intervals after each get-or-extend
    /// (Flyte's datacatalog: `reservation.heartbeatGracePeriodMultiplier`).
    public var heartbeatGracePeriodMultiplier = 3

    public init() {}

    /// The heartbeat interval a request for `requested` is granted: capped at
    /// ``maxHeartbeatInterval``; an absent or non-positive request gets the cap.
    public func heartbeat(_ requested: Duration?) -> Duration {
        guard let requested, requested > .zero else { return maxHeartbeatInterval }
        return min(requested, maxHeartbeatInterval)
    }

    /// How long a reservation with `heartbeat` lasts after each get-or-extend.
    public func lease(heartbeat: Duration) -> Duration { heartbeat * heartbeatGracePeriodMultiplier }
}
