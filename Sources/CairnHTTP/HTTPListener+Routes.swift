import Hummingbird

extension HTTPListener {
    /// The content type of Prometheus' text exposition format.
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Protected mode first (for every route, unknown ones too), then the open routes, then each
    /// route group behind its credentials check.
    package func makeRouter() -> Router<HTTPRequestContext> {
        let router = Router(context: HTTPRequestContext.self, options: .autoGenerateHeadEndpoints)
        let connect = configuration.flyteCache.map {
            ConnectRoutes(
                configuration: configuration.connect, methods: $0.methods,
                access: configuration.flyteAccess ?? .of(configuration.passwords))
        }
        if !configuration.passwords.required {
            // The Connect routes ask FlyteAccess, which applies protected mode itself unless told
            // to serve everyone (--flyte-access open).
            router.add(middleware: ProtectedModeMiddleware(exempt: connect?.prefixes ?? []))
        }
        let catalog = self.catalog
        router.get("/metrics") { _, _ in
            Response.text(catalog.prometheusText(), contentType: Self.metricsContentType)
        }
        router.get("/healthz") { _, _ in Response.text("ok\n") }
        let readiness = self.readiness
        router.get("/readyz") { _, _ in
            let problems = await readiness.problems()
            guard problems.isEmpty else {
                return Response.text(
                    "not ready: " + problems.joined(separator: "; ") + "\n", status: .serviceUnavailable)
            }
            return Response.text("ready\n")
        }
        connect?.register(on: router)
        for group in configuration.routeGroups {
            group.register(
                router.group(RouterPath(group.path)).add(
                    middleware: CredentialsMiddleware(passwords: configuration.passwords, required: group.role)))
        }
        return router
    }
}
