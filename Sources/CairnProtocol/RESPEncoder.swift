import NIOCore

extension RESPValue {
    /// Appends the wire form of this value in `version` to `buffer`.
    public func write(to buffer: inout ByteBuffer, version: RESPVersion) {
        switch self {
        case .simpleString(let text):
            buffer.writeLine("+", Self.singleLine(text))
        case .error(let text):
            buffer.writeLine("-", Self.singleLine(Self.bounded(text)))
        case .integer(let value):
            buffer.writeLine(":", String(value))
        case .bulkString(let bytes):
            buffer.writeLine("$", String(bytes.readableBytes))
            buffer.writeImmutableBuffer(bytes)
            buffer.writeStaticString("\r\n")
        case .null:
            buffer.writeStaticString(version == .resp3 ? "_\r\n" : "$-1\r\n")
        case .array(let values):
            buffer.writeLine("*", String(values.count))
            for value in values { value.write(to: &buffer, version: version) }
        case .double(let value):
            let text = Self.decimal(value)
            if version == .resp3 {
                buffer.writeLine(",", text)
            } else {
                RESPValue.bulk(text).write(to: &buffer, version: version)
            }
        case .boolean(let value):
            if version == .resp3 {
                buffer.writeStaticString(value ? "#t\r\n" : "#f\r\n")
            } else {
                buffer.writeStaticString(value ? ":1\r\n" : ":0\r\n")
            }
        case .map(let pairs):
            buffer.writeLine(version == .resp3 ? "%" : "*", String(version == .resp3 ? pairs.count : pairs.count * 2))
            for pair in pairs {
                pair.key.write(to: &buffer, version: version)
                pair.value.write(to: &buffer, version: version)
            }
        }
    }

    /// The wire form of this value in `version`.
    public func encoded(version: RESPVersion = .resp2) -> ByteBuffer {
        var buffer = ByteBuffer()
        write(to: &buffer, version: version)
        return buffer
    }

    /// Longest error line sent, in bytes: messages quote arguments, and a client's line limit (64 KiB
    /// for Cairn's own) must never meet a megabyte argument echoed back.
    public static let maxErrorLength = 1024

    /// `text` cut to ``maxErrorLength`` bytes at a character boundary, marked with `…`.
    private static func bounded(_ text: String) -> String {
        guard text.utf8.count > maxErrorLength else { return text }
        var cut = ""
        for character in text {
            guard cut.utf8.count + character.utf8.count <= maxErrorLength - 3 else { break }
            cut.append(character)
        }
        return cut + "…"
    }

    /// Status and error lines cannot hold CR or LF: they become spaces.
    private static func singleLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 13 || $0 == 10 }) else { return text }
        return String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }

    private static func decimal(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(value)
    }
}

extension ByteBuffer {
    fileprivate mutating func writeLine(_ prefix: StaticString, _ text: String) {
        writeStaticString(prefix)
        writeString(text)
        writeStaticString("\r\n")
    }
}
