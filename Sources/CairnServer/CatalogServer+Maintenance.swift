import CairnService

extension CatalogServer {
    /// What `ADMIN.PURGE` runs with (``CatalogService/Maintenance``).
    public typealias Maintenance = CatalogService.Maintenance
}
