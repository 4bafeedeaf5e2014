import Foundation
import Testing
import Vapor
import Logging
import NIOConcurrencyHelpers
import SQLKit
@testable import CradleServer
import CradleCore
@testable import CradleSQLite

/// What operations ask of a server: liveness, readiness, Prometheus metrics for the
/// monitoring system's credential and administrators only, JSON logs, and a backup that
/// restores. On SQLite and on PostgreSQL.
@Suite struct OperationsTests {
    @Test func readyOnlyWithTheDatabaseAnsweringAndEveryMigrationApplied() async throws {
        try await withCradle(children: 0) { app in
            #expect(try await app.send(.GET, "/health").status == .ok)
            let ready = try await app.send(.GET, "/ready")
            #expect(ready.status == .ok && ready.text == "ready")
            try await app.sql.raw("DELETE FROM _fluent_migrations WHERE name = \(bind: CradleMigrations.all.last!.name)").run()
            let notReady = try await app.send(.GET, "/ready")
            #expect(notReady.status == .serviceUnavailable)
            let last = String(CradleMigrations.all.last!.name.split(separator: ".").last!)
            #expect(notReady.text.contains(last), "names the migration: \(notReady.text)")
        }
    }

    @Test func metricsAreForTheMonitoringCredentialAndAdministratorsOnly() async throws {
        try await withCradle(children: 10) { app in
            let child = try await relatedChild(app)
            let visitor = try await apiToken(app)
            #expect(try await app.send(.GET, "/api/v1/people/\(child)", headers: visitor).status == .ok)
            #expect(try await app.send(.GET, "/metrics").status == .unauthorized)
            #expect(try await app.send(.GET, "/metrics", headers: visitor).status == .forbidden)

            let token = try await SystemClientStore.createMetricsReader(name: "prometheus", on: app.sql)
            var monitor = HTTPHeaders()
            monitor.bearerAuthorization = BearerAuthorization(token: token)
            let scraped = try await app.send(.GET, "/metrics", headers: monitor)
            #expect(scraped.status == .ok)
            #expect(scraped.headers.contentType?.subType == "plain")
            let text = scraped.text
            // The record was timed under its route's pattern, never its id.
            #expect(text.contains(#"cradle_http_request_duration_seconds_count{method="GET",route="/api/v1/people/:id",status="2xx"} 1"#), "\(text.prefix(3000))")
            #expect(!text.contains("/people/\(child)"))
            for name in ["cradle_audit_queue_depth", #"cradle_imports{status="queued"}"#, "cradle_import_rows_done", #"cradle_db_connections{state="active"}"#,
                         "cradle_db_connections_max"] {
                #expect(text.contains(name), "\(name) missing")
            }
            // The monitoring credential reads nothing else.
            #expect(try await app.send(.GET, "/api/v1/people/\(child)", headers: monitor).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/search?nhsNumber=9990000018", headers: monitor).status == .forbidden)
            #expect(try await app.send(.GET, "/metrics", headers: try await apiToken(app, as: "admin")).status == .ok)
            // A revoked credential reads nothing.
            try await SystemClientStore.revoke(name: "prometheus", on: app.sql)
            #expect(try await app.send(.GET, "/metrics", headers: monitor).status == .unauthorized)
        }
    }

    @Test func jsonLogsAreOneObjectALineWithTheirMetadata() throws {
        let lines = NIOLockedValueBox<[Data]>([])
        var handler = JSONLogHandler(label: "cradle.test", logLevel: .info)
        handler.write = { d in lines.withLockedValue { $0.append(d) } }
        var logger = Logger(label: "cradle.test") { _ in handler }
        logger[metadataKey: "request-id"] = "abc123"
        logger.info("Import 7 done", metadata: ["rows": "42", "files": .array(["a", "b"])])
        logger.debug("not at info")
        let written = lines.withLockedValue { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        #expect(line.last == 0x0A && !line.dropLast().contains(0x0A))
        let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect(object["message"] as? String == "Import 7 done")
        #expect(object["level"] as? String == "info")
        #expect(object["logger"] as? String == "cradle.test")
        #expect(object["request-id"] as? String == "abc123")
        #expect(object["rows"] as? String == "42")
        #expect(object["files"] as? [String] == ["a", "b"])
        #expect(object["time"] is String)
    }

    @Test func aBackupTakenWhileServingRestoresTheStoreAndItsTrailVerifies() async throws {
        try await withCradle(children: 20) { app in
            guard app.settings.databaseURL == nil else {
                // PostgreSQL is backed up with pg_dump: the command says so and does nothing.
                #expect(throws: (any Error).self) { try BackupCommand.sqliteOnly(app) }
                do { try BackupCommand.sqliteOnly(app) } catch { #expect("\(error)".contains("pg_dump")) }
                return
            }
            let visitor = try await apiToken(app)
            let child = try await relatedChild(app)
            #expect(try await app.send(.GET, "/api/v1/people/\(child)", headers: visitor).status == .ok)
            let backup = app.settings.dataDirectory + "/backup.sqlite"
            // Taken while requests go on.
            async let traffic: Void = {
                for _ in 0..<20 { _ = try await app.send(.GET, "/api/v1/people/\(child)", headers: visitor) }
            }()
            try SQLiteBackup.copy(from: app.settings.sqlitePath, to: backup)
            try await traffic
            let people = try await app.count("people")

            // Restored on a new machine: the backup and the audit key, nothing else.
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cradle-restore-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try FileManager.default.copyItem(atPath: app.settings.dataDirectory + "/cradle-audit.key", toPath: dir + "/cradle-audit.key")
            var settings = Settings(dataDirectory: dir, today: { testToday })
            settings.auditEnabled = true
            try SQLiteBackup.copy(from: backup, to: settings.sqlitePath)
            let restored = try await Application.make(.testing)
            restored.logger.logLevel = .error
            do {
                try await configure(restored, settings: settings)
                try await prepareStore(restored)
                #expect(try await restored.count("people") == people)
                let check = try await AuditVerification.run(restored)
                #expect(check.problems.isEmpty, "\(check.problems)")
                #expect(check.checked > 0)
                #expect(try await restored.send(.GET, "/api/v1/people/\(child)", headers: try await apiToken(restored)).status == .ok)
            } catch {
                try? await restored.asyncShutdown()
                throw error
            }
            try await restored.asyncShutdown()
        }
    }
}
