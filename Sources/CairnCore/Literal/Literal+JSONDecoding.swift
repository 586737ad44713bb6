import Foundation

extension Literal {
    /// Reads a value of `type` from JSON text, as ``init(jsonValue:as:path:file:)`` does.
    /// - Throws: ``CairnError/Code/invalidArgument`` about `path` when the text is not JSON or the
    ///   value does not fit the type.
    public init(
        jsonText: String, as type: LiteralType, path: String = "value",
        file: ((String) throws -> FileLiteral)? = nil
    ) throws {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(jsonText.utf8), options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw CairnError.invalid(path, "is not valid JSON: \(detail ?? "\(error)")")
        }
        try self.init(jsonValue: value, as: type, path: path, file: file)
    }

    /// Converts a value parsed by Foundation's `JSONSerialization.jsonObject` or by Yams'
    /// `Yams.load(yaml:)` to a literal of `type`.
    ///
    /// Accepted for each type (besides the ``jsonText()`` form of the type itself):
    /// - int: integral numbers within `Int64` (never booleans); float: any number, or `"NaN"`,
    ///   `"Infinity"`, `"-Infinity"`;
    /// - bytes: base64 text or binary data; datetime: an RFC 3339 string with any offset and up to 9
    ///   fraction digits, or a date; duration: a number of seconds or a string with units
    ///   (`ns`, `us`, `ms`, `s`, `m`, `h`, combined as in `1h30m`);
    /// - file: an object with `path` (or `uri`), `size` and `sha256`, or a path string, which
    ///   `file` turns into a ``FileLiteral`` (hashing it, say);
    /// - struct: an object with exactly the fields; map: any object;
    /// - any type: `{"$offloaded": {...}}` as ``jsonText()`` writes it, if its type is `type`.
    ///   (So a map whose only key is `$offloaded` cannot be given in JSON.)
    ///
    /// Strings and keys are normalised to NFC, floats as in ``normalized()``. YAML timestamps
    /// arrive as `Date`, a double, so they keep about a microsecond; quote them in the YAML to
    /// keep nanoseconds.
    /// - Throws: ``CairnError/Code/invalidArgument`` about the deepest path that does not fit,
    ///   e.g. `value.counts[3].name`, saying what was expected and what was found.
    public init(
        jsonValue: Any, as type: LiteralType, path: String = "value",
        file: ((String) throws -> FileLiteral)? = nil
    ) throws {
        let reader = JSONLiteralReader(file: file)
        self = try reader.read(jsonValue, as: type, path: path)
    }
}
