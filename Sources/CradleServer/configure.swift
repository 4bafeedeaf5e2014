import Vapor
import Fluent
import CradleCore

struct AccessObserverKey: StorageKey { typealias Value = @Sendable (Decision) -> Void }

/// Builds the application: store, migrations, sessions, middleware, routes and commands.
public func configure(_ app: Application, settings: Settings) async throws {
    app.settings = settings
    try DatabaseSetup.configure(app, settings)
    _ = app.practitionerCache
    _ = app.agreementCache
    if let family = settings.familyOIDC { app.familyOIDC = try await FamilyOIDC(family) }
    if let oidc = settings.oidc {
        app.oidc = try await OIDCVerifier(issuer: oidc.issuer, audience: oidc.audience, jwksJSON: oidc.jwksJSON)
    }
    app.auditKeys = try AuditKeys.load(settings)
    app.auditCheckpoints = AuditCheckpoints(keys: app.auditKeys)
    _ = app.rateLimiter
    if settings.auditEnabled {
        let dedicatedSQLite = settings.databaseURL == nil && !settings.inMemory ? settings.sqlitePath : nil
        let log = AuditLog(database: { [unowned app] in app.db }, sqlitePath: dedicatedSQLite, checkpoints: app.auditCheckpoints)
        app.auditLog = log
        app.lifecycle.use(AuditLogShutdown(log: log))
    }
    CradleMigrations.register(app)
    app.passwords.use(.bcrypt(cost: 10))

    app.sessions.use { _ in SessionStore() }
    app.sessions.configuration.cookieName = "cradle-session"
    let secure = settings.secureCookies
    app.sessions.configuration.cookieFactory = { id in
        // Max-Age rather than Expires: no date to format for every response.
        HTTPCookies.Value(string: id.string, expires: nil, maxAge: Int(SessionStore.lifetime),
                          domain: nil, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    app.middleware = Middlewares()
    app.serviceMetrics = ServiceMetrics()
    app.middleware.use(RequestMetricsMiddleware(metrics: app.serviceMetrics))
    app.middleware.use(SecurityHeadersMiddleware(secure: secure))
    app.middleware.use(APIHeadersMiddleware())
    app.middleware.use(CradleErrorMiddleware())
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(ActorMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(PolicyEnforcementMiddleware())

    app.routes.defaultMaxBodySize = "2mb"
    app.startReportThread()
    try routes(app)

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(BenchCommand(), as: "bench")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(PolicyCommand(), as: "policy")
    app.asyncCommands.use(OpenAPICommand(), as: "openapi")
    app.asyncCommands.use(SourcesCommand(), as: "sources")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(ClientsCommand(), as: "clients")
    app.asyncCommands.use(LinksCommand(), as: "links")
    app.asyncCommands.use(CentreKeyCommand(), as: "centre-key")
    app.asyncCommands.use(BirthListCommand(), as: "birth-list")
    app.asyncCommands.use(DecryptCommand(), as: "decrypt")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(ReachAreasCommand(), as: "reach-areas")
}

/// Migrates and prepares the store; used by `serve`, `migrate`, `demo` and tests.
public func prepareStore(_ app: Application) async throws {
    try await app.autoMigrate()
    try await AuditProtection.prepare(app)
    try await DatabaseSetup.prepareConnections(app)
    try await DeferredIndexes.restore(on: app.sql)
}

/// The executable's entry point.
public enum CradleMain {
    public static func run() async throws {
        Executors.runAsyncOnEventLoops()
        var arguments = CommandLine.arguments
        let seedDemo = arguments.contains("--demo")
        arguments.removeAll { $0 == "--demo" }
        let command = arguments.dropFirst().first ?? "serve"

        var env = try Environment.detect(arguments: arguments)
        if ProcessInfo.processInfo.environment["LOG_FORMAT"] == "json" { JSONLogHandler.bootstrap() } else { try LoggingSystem.bootstrap(from: &env) }
        let app = try await Application.make(env)
        do {
            var settings = Settings.fromEnvironment()
            // Benchmarks replace what the store holds, so on SQLite they get a file of their own.
            if command == "bench" { settings.dataDirectory += "/bench" }
            try await configure(app, settings: settings)
            if let port = ProcessInfo.processInfo.environment["PORT"].flatMap(Int.init) { app.http.server.configuration.port = port }
            if command == "serve" {
                try await prepareStore(app)
                try await ImportClaims.interruptExpired(on: app.sql)
                _ = app.importWorker
                if seedDemo { try await DemoLoader.loadIfEmpty(app, seed: 1, children: 5_000) }
                let c = app.http.server.configuration
                app.logger.notice("Cradle is at http://\(c.hostname):\(c.port) — sign in as \(DemoLoader.exampleUser) with password \(DemoLoader.demoPassword) (demo data only).")
            }
            if command == "serve" {
                // Time for requests in flight when the server is told to stop (an import sent
                // over the API waits for its report).
                app.http.server.configuration.shutdownTimeout = .seconds(settings.shutdownSeconds)
            }
            try await app.execute()
            // Stop taking connections and answer those in flight before anything they need
            // (the import worker, the audit writer, the database pools) is shut down.
            if command == "serve" { await app.server.shutdown() }
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
