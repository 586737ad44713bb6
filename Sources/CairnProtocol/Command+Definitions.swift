/// Each definition as the ``Command`` case the server executes: the one place a definition meets
/// the enum, so parsing needs no list of its own (``CommandTable/definitions`` is the list).
extension Ping { public var asCommand: Command { .ping(self) } }
extension Echo { public var asCommand: Command { .echo(self) } }
extension Quit { public var asCommand: Command { .quit(self) } }
extension Select { public var asCommand: Command { .select(self) } }
extension Hello { public var asCommand: Command { .hello(self) } }
extension Auth { public var asCommand: Command { .auth(self) } }
extension ClientCommand { public var asCommand: Command { .client(self) } }
extension CommandQuery { public var asCommand: Command { .command(self) } }
extension Info { public var asCommand: Command { .info(self) } }
extension CacheGet { public var asCommand: Command { .cacheGet(self) } }
extension CacheMGet { public var asCommand: Command { .cacheMGet(self) } }
extension CachePut { public var asCommand: Command { .cachePut(self) } }
extension CacheEvict { public var asCommand: Command { .cacheEvict(self) } }
extension CacheReserve { public var asCommand: Command { .cacheReserve(self) } }
extension CacheRelease { public var asCommand: Command { .cacheRelease(self) } }
extension CacheExplain { public var asCommand: Command { .cacheExplain(self) } }
extension AdminPurge { public var asCommand: Command { .adminPurge(self) } }
extension DatasetCreate { public var asCommand: Command { .catalog(.datasetCreate(self)) } }
extension DatasetGet { public var asCommand: Command { .catalog(.datasetGet(self)) } }
extension DatasetList { public var asCommand: Command { .catalog(.datasetList(self)) } }
extension ArtifactCreate { public var asCommand: Command { .catalog(.artifactCreate(self)) } }
extension ArtifactGet { public var asCommand: Command { .catalog(.artifactGet(self)) } }
extension ArtifactList { public var asCommand: Command { .catalog(.artifactList(self)) } }
extension ArtifactUpdate { public var asCommand: Command { .catalog(.artifactUpdate(self)) } }
extension ArtifactDelete { public var asCommand: Command { .catalog(.artifactDelete(self)) } }
extension TagAdd { public var asCommand: Command { .catalog(.tagAdd(self)) } }
