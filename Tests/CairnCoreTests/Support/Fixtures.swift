import CairnCore

/// An inline item whose value is the UTF-8 of `text`.
func inlineItem(_ name: String, _ text: String) throws -> DataItem {
    try DataItem.inline(name, Array(text.utf8))
}

/// A blob reference whose digest is derived from `content`, so equal content means equal digests.
func blob(_ uri: String, size: Int64, content: String = "content") throws -> BlobReference {
    try BlobReference(uri: uri, size: size, sha256: digest(content))
}

/// An item pointing at `reference`.
func blobItem(_ name: String, _ reference: BlobReference) throws -> DataItem {
    try DataItem(name: name, value: .blob(reference))
}
