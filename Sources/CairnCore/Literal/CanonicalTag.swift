/// The first byte of every value in Cairn's canonical encodings of ``Literal`` and ``LiteralType``.
///
/// The numbers are part of the stored format (cache keys and offloaded blobs depend on them): add new
/// tags, never renumber. A type uses the tag of the literal case it describes.
enum CanonicalTag: UInt8 {
    case int = 0x01
    case float = 0x02
    case string = 0x03
    case bool = 0x04
    case bytes = 0x05
    case datetime = 0x06
    case duration = 0x07
    case file = 0x08
    case list = 0x09
    case map = 0x0A
    case structure = 0x0B
    case offloaded = 0x0C
    /// Content encoding only (hashed, never decoded): a file by size and SHA-256, without its uri.
    case fileContent = 0x0D
    /// Content encoding only: a nested offloaded value by its recorded SHA-256.
    case offloadedContent = 0x0E
}
