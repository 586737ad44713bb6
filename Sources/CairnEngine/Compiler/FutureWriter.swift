import CairnCore

/// Writes the compact binary form of a compiled future: LEB128 varints, length-prefixed UTF-8
/// strings, types as tag trees and literals in their canonical encoding.
struct FutureWriter {
    private(set) var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func varint(_ value: Int) {
        var rest = UInt64(value)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func data(_ value: [UInt8]) {
        varint(value.count)
        bytes += value
    }

    mutating func string(_ value: String) {
        data(Array(value.utf8))
    }

    mutating func type(_ type: LiteralType) {
        switch type {
        case .int: byte(0)
        case .float: byte(1)
        case .string: byte(2)
        case .bool: byte(3)
        case .bytes: byte(4)
        case .datetime: byte(5)
        case .duration: byte(6)
        case .file: byte(7)
        case .list(let element):
            byte(8)
            self.type(element)
        case .map(let value):
            byte(9)
            self.type(value)
        case .structure(let fields):
            byte(10)
            varint(fields.count)
            for field in fields {
                string(field.name)
                self.type(field.type)
            }
        }
    }

    mutating func path(_ path: [PathStep]) {
        varint(path.count)
        for step in path {
            switch step {
            case .index(let index):
                byte(0)
                varint(index)
            case .key(let key):
                byte(1)
                string(key)
            }
        }
    }

    mutating func binding(_ binding: Binding) {
        switch binding {
        case .literal(let literal):
            byte(0)
            data(literal.canonicalBytes())
        case .workflowInput(let name, let path):
            byte(1)
            string(name)
            self.path(path)
        case .nodeOutput(let node, let output, let path):
            byte(2)
            varint(node)
            string(output)
            self.path(path)
        case .list(let parts):
            byte(3)
            varint(parts.count)
            parts.forEach { self.binding($0) }
        case .map(let parts):
            byte(4)
            keyed(parts)
        case .structure(let parts):
            byte(5)
            keyed(parts)
        }
    }

    /// Parts of a map or struct binding, in key order.
    private mutating func keyed(_ parts: [String: Binding]) {
        varint(parts.count)
        for key in parts.keys.sorted() {
            string(key)
            binding(parts[key]!)
        }
    }
}
