/// Compares what a documented command printed with what the document shows.
///
/// Both sides are masked line by line first, so a document may show any id or time; a line `…` in
/// the document (indented or not) stands for any number of lines, none included; trailing spaces do
/// not count.
enum ExampleOutput {
    /// The mask rules, applied in order: values that differ on every run, and what they become.
    static var masks: [(Regex<Substring>, String)] {
        [
            (#/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/#, "<uuid>"),
            (#/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/#, "<time>"),
            (#/\b\d{13}\b/#, "<unix-ms>"),
            (#/\b\d+(?:\.\d+)? s\b/#, "<seconds> s"),
        ]
    }

    /// The elision line.
    static let elision = "…"

    /// `line` with every masked value replaced and trailing spaces dropped.
    static func masked(_ line: String) -> String {
        var line = line
        while line.last == " " || line.last == "\t" { line.removeLast() }
        for (pattern, replacement) in masks { line = line.replacing(pattern, with: replacement) }
        return line
    }

    /// Whether `actual` is what `expected` shows, after masking.
    static func matches(expected: [String], actual: [String]) -> Bool {
        matches(expected.map(masked)[...], actual.map(masked)[...])
    }

    private static func matches(_ expected: ArraySlice<String>, _ actual: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first.drop(while: { $0 == " " }) == elision {
            let rest = expected.dropFirst()
            return (actual.startIndex...actual.endIndex).contains { matches(rest, actual[$0...]) }
        }
        guard actual.first == first else { return false }
        return matches(expected.dropFirst(), actual.dropFirst())
    }

    /// A line diff of the masked sides: `-` lines only the document shows, `+` lines only the
    /// command printed, two spaces for lines both have.
    static func diff(expected: [String], actual: [String]) -> String {
        let old = expected.map(masked)
        let new = actual.map(masked)
        // Longest common subsequence, from the ends.
        var common = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in old.indices.reversed() {
            for j in new.indices.reversed() {
                common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var lines: [String] = []
        var (i, j) = (0, 0)
        while i < old.count || j < new.count {
            if i < old.count && j < new.count && old[i] == new[j] {
                lines.append("  " + old[i])
                (i, j) = (i + 1, j + 1)
            } else if i < old.count && (j == new.count || common[i + 1][j] >= common[i][j + 1]) {
                lines.append("- " + old[i])
                i += 1
            } else {
                lines.append("+ " + new[j])
                j += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}
