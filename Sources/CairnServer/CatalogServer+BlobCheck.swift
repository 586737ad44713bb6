import CairnService

extension CatalogServer {
    /// Whether a `CACHE.GET` (or `CACHE.MGET`) hit read from the store has its blob objects checked
    /// before it is answered (``CatalogService/BlobCheck``).
    public typealias BlobCheck = CatalogService.BlobCheck
}
