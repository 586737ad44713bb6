/// The rule for names in workflow files: workflows, tasks, nodes, inputs, outputs and override names.
///
/// Letters, digits, `_` and `-`: such names need no quoting in references (`$node.output`), in
/// dataset names (`task-<name>`) or in `--override <name>.<field>=<value>`, and `/` stays free to
/// join a dynamic node's id with its future's node ids.
enum SpecName {
    /// Longest name, in bytes.
    static let maxLength = 128

    static func isNameCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// Why `name` is not a valid name, or `nil` when it is.
    static func problem(with name: String) -> String? {
        if name.isEmpty { return "a name must not be empty" }
        if name.utf8.count > maxLength { return "\"\(name.prefix(40))…\" is longer than \(maxLength) bytes" }
        if !name.utf8.allSatisfy(isNameCharacter) {
            return "\"\(name)\" is not a valid name (use letters, digits, _ and -)"
        }
        return nil
    }
}
