import CairnProtocol

/// How the harness reports a broken property: by trapping, so libFuzzer saves the input as a
/// crash file and prints the stack, as it does for a trap in the code under test.
enum Finding {
    static func report(_ message: String) -> Never {
        fatalError("fuzz finding: \(message)")
    }
}

extension Finding {
    /// A request as its arguments' text, escaped and shortened, for a finding's message; anything
    /// else as Swift prints it, shortened.
    static func describe(_ value: Any) -> String {
        guard let request = value as? RESPRequest else { return String("\(value)".prefix(200)) }
        let arguments = request.arguments.prefix(16).map { argument in
            String(decoding: argument.readableBytesView.prefix(64), as: UTF8.self).debugDescription
        }
        return "[" + arguments.joined(separator: " ") + (request.arguments.count > 16 ? " …" : "") + "]"
    }
}
