import Vapor
import Fluent
import FluentSQLiteDriver
import FluentPostgresDriver
import SQLKit
import CradleSQLite

/// Chooses and prepares the store: PostgreSQL when a URL is given, else the SQLite file.
enum DatabaseSetup {
    /// This server's name to PostgreSQL (at most 63 bytes).
    static let applicationName = String(("cradle " + ImportRunner.processOwner).utf8.prefix(63))!
    /// Connections each event loop may open to PostgreSQL (`CRADLE_PG_CONNECTIONS`, default 8).
    static let postgresPerEventLoop = ProcessInfo.processInfo.environment["CRADLE_PG_CONNECTIONS"].flatMap(Int.init).map { max(1, $0) } ?? 8

    static func configure(_ app: Application, _ settings: Settings) throws {
        if let url = settings.databaseURL {
            var config = try SQLPostgresConfiguration(url: url)
            config.searchPath = [settings.postgresSchema ?? "public"]
            // This server's connections, as PostgreSQL lists them (the metrics' pool use).
            config.coreConfiguration.options.additionalStartupParameters = [("application_name", applicationName)]
            app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: postgresPerEventLoop, connectionPoolTimeout: .seconds(settings.connectionWait)), as: .psql)
        } else if settings.inMemory {
            app.databases.use(.sqlite(.memory), as: .sqlite)
        } else {
            try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
            // No per-statement debug logging: even unprinted, it costs every query a log call.
            app.databases.use(.sqlite(.file(settings.sqlitePath), connectionPoolTimeout: .seconds(settings.connectionWait), sqlLogLevel: nil), as: .sqlite)
            let reader = SQLiteReader(path: settings.sqlitePath)
            app.sqliteReader = reader
            app.lifecycle.use(SQLiteReaderShutdown(reader: reader))
        }
    }

    /// SQLite keeps one connection per event loop. Give each of them WAL journalling and a
    /// busy timeout, so that concurrent writers wait for the lock instead of failing with
    /// "database is locked". Runs before the app takes requests.
    static func prepareConnections(_ app: Application) async throws {
        guard isSQLite(app.db) else { return }
        for eventLoop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(logger: app.logger, on: eventLoop)! as! any SQLDatabase
            // journal_mode cannot change inside a transaction and returns a row; run it alone.
            try await db.raw("PRAGMA journal_mode = WAL").run()
            try await db.raw("PRAGMA busy_timeout = \(unsafeRaw: String(DirectConnection.busyTimeout))").run()
            try await db.raw("PRAGMA synchronous = NORMAL").run()
            try await db.raw("PRAGMA foreign_keys = ON").run()
            // Statement journals (every multi-row INSERT keeps one) and sorts stay in memory.
            try await db.raw("PRAGMA temp_store = MEMORY").run()
        }
    }

    static func isSQLite(_ db: any Database) -> Bool {
        (db as? any SQLDatabase)?.dialect.name == "sqlite"
    }
}

extension Request {
    /// The store as SQLKit, for every list, search and report. On an SQLite file its reads
    /// run inline (`SQLiteReader`); on PostgreSQL they are prepared (`PreparedReads`).
    /// Made once a request: Fluent makes a new database for every `req.db` (a twentieth of the
    /// record page's CPU on PostgreSQL, at one a statement).
    var sql: any SQLDatabase {
        if let made = storage[RequestSQLKey.self] { return made }
        let db = db as! any SQLDatabase
        let made: any SQLDatabase
        if let reader = application.sqliteReader { made = InlineReads(writer: db, reader: reader) }
        else if let postgres = db as? any PostgresDatabase { made = PreparedReads(base: db, postgres: postgres) }
        else { made = db }
        storage[RequestSQLKey.self] = made
        return made
    }
}

private struct RequestSQLKey: StorageKey { typealias Value = any SQLDatabase }

extension Application {
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// As `Request.sql`, for commands that read much: on an SQLite file the reads run inline.
    var inlineSQL: any SQLDatabase {
        guard let reader = sqliteReader else { return sql }
        return InlineReads(writer: sql, reader: reader)
    }
}
