import Foundation
import Vapor
import SQLKit
import CradleCore

/// `cradle clients add --name NAME --source SOURCE` registers a system client (a maternity or
/// child-health system) and prints its notify-only token once; `--practice ODS` instead
/// registers a GP practice's system with the read scope for its registered children (the
/// FHIR API and the JSON API's reads); `--metrics` the monitoring system, which reads
/// `/metrics`; `list` and `revoke --name`.
struct ClientsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "add, list or revoke")
        var what: String
        @Option(name: "name", help: "The client's name")
        var name: String?
        @Option(name: "source", help: "The antenatal, maternity or child-health source it notifies into (for add)")
        var source: String?
        @Option(name: "practice", help: "The ODS code of the GP practice whose registered children it reads (for add, instead of --source)")
        var practice: String?
        @Flag(name: "metrics", help: "The monitoring system: it reads /metrics and nothing else (for add, instead of --source)")
        var metrics: Bool
    }

    var help: String { "Manage system clients: notify credentials for POST /api/v1/notifications, and GP practice systems' read credentials." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareStore(app)
        switch signature.what {
        case "add" where signature.metrics:
            let token = try await SystemClientStore.createMetricsReader(name: signature.name ?? "", on: app.sql)
            context.console.print("Registered \(signature.name ?? "") to read /metrics. Its token (shown once; it reads the service's metrics and nothing else):")
            context.console.print(token)
        case "add" where signature.practice != nil:
            let token = try await SystemClientStore.createReader(name: signature.name ?? "", practice: signature.practice!, on: app.sql)
            context.console.print("Registered \(signature.name ?? "") to read the children registered with GP practice \(signature.practice!). Its token (shown once; it may only read):")
            context.console.print(token)
        case "add":
            guard let name = signature.source, let source = try await SourceStore.byName(name, on: app.sql) else {
                throw Abort(.badRequest, reason: "Name the client's source with --source (see `cradle sources list`)")
            }
            let token = try await SystemClientStore.create(name: signature.name ?? "", source: source, on: app.sql)
            context.console.print("Registered \(signature.name ?? "") to notify into \(source.name). Its token (shown once; it may only send notifications):")
            context.console.print(token)
        case "list":
            for c in try await SystemClientStore.all(on: app.sql) {
                context.console.print("\(c.name)\t\(c.scope)\t\(c.revokedAt.map { "revoked \($0)" } ?? "live since \(c.createdAt)")")
            }
        case "revoke":
            try await SystemClientStore.revoke(name: signature.name ?? "", on: app.sql)
            context.console.print("Revoked \(signature.name ?? ""): its token no longer works.")
        default:
            throw Abort(.badRequest, reason: "Unknown clients command '\(signature.what)'; try: add, list, revoke")
        }
    }
}
