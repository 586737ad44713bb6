import CairnCore
import NIOCore

/// One command's wire shape, written once (valkey-swift's one struct per command): its table
/// entry, how its arguments are read (server) and written (client), and how its reply is written
/// (server) and read (client). The server, ``CommandTable``, `COMMAND DOCS` and `CairnClient` all
/// use the same definition, so changing a shape is one edit.
public protocol CommandDefinition: Sendable {
    /// What the command answers, as a value both sides share.
    associatedtype Reply: Sendable

    /// Name, arity, flags, role, key positions and summary.
    static var spec: CommandSpec { get }

    /// Reads the arguments after the command name.
    /// - Throws: ``CommandError`` naming what is wrong.
    init(from arguments: inout Arguments) throws

    /// This command as the case the server executes.
    var asCommand: Command { get }

    /// Checks what the wire cannot carry or the server would refuse anyway, before anything is sent;
    /// ``CairnClient`` calls it for every request. Most commands have nothing to check.
    /// - Throws: ``CairnError/Code/invalidArgument``.
    func validate() throws

    /// Writes the arguments after the command name, once ``validate()`` passed.
    func encode(into arguments: inout ArgumentWriter)

    /// The reply as it goes on the wire, with this request's arguments at hand.
    func encodeReply(_ reply: Reply) -> RESPValue

    /// The reply read back from the wire, with this request's arguments at hand (a reply may leave
    /// out what the request said).
    /// - Throws: ``UnexpectedReply`` for a value of another shape.
    func decodeReply(_ value: RESPValue) throws -> Reply
}

extension CommandDefinition {
    public func validate() throws {}

    /// The whole request: the name, then the arguments.
    public var request: RESPRequest {
        var writer = ArgumentWriter()
        writer.append(Self.spec.name)
        encode(into: &writer)
        return RESPRequest(arguments: writer.arguments)
    }
}

extension [DataItem] {
    /// Checks items for a `DATA` list: at least one, inline values only (blob objects are declared
    /// with `BLOB`, and an omitted value has nothing to send).
    /// - Throws: ``CairnError/Code/invalidArgument``.
    func validateForDATA() throws {
        guard !isEmpty else { throw CairnError.invalid("data", "needs at least one item") }
        for item in self {
            guard case .inline = item.value else {
                throw CairnError.invalid(
                    "data item \(item.name)", "only inline values can be sent; declare blobs instead")
            }
        }
    }
}

/// A reply that does not have the shape its command defines: the server and the client disagree.
public struct UnexpectedReply: Error, Sendable, CustomStringConvertible {
    /// Which part of the reply, and what was expected instead of what came.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
