import Vapor
import CradleCore

/// Files into the person index from other systems:
/// - `POST /api/v1/sources/{source}/imports`: the records team's client sends one file (CSV as
///   text/csv, a FHIR Bundle as application/fhir+json or application/json);
/// - `POST /api/v1/notifications`: a system client with a notify-only credential sends birth or
///   antenatal notifications, in its feed's format, into its own feed.
/// Both get the import's report.
enum ImportAPI {
    struct Report: Encodable {
        var importId: Int64
        var added: Int, updated: Int, unchanged: Int, rejected: Int, reviews: Int
        var problems: [RowProblem]
    }

    /// An import's report, by the id its upload returned: how far it got and what it found.
    struct Status: Encodable {
        var importId: Int64
        var source: String, fileName: String, status: String, refusedReason: String?
        var rowsTotal: Int, rowsDone: Int
        var added: Int, updated: Int, unchanged: Int, rejected: Int, reviews: Int
        var problems: [RowProblem]
        var startedAt: String, finishedAt: String?

        init(_ i: SourceStore.ImportRow) {
            importId = i.id; source = i.sourceName; fileName = i.fileName; status = i.status; refusedReason = i.refusedReason
            rowsTotal = i.rowsTotal; rowsDone = i.rowsDone; added = i.added; updated = i.updated; unchanged = i.unchanged
            rejected = i.rejected; reviews = i.reviews; problems = i.problemList; startedAt = i.startedAt; finishedAt = i.finishedAt
        }
    }

    static func status(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.personIndex), detail: "import \(id)")
        guard let i = try await SourceStore.findImport(id, on: req.sql) else { throw Abort(.notFound, reason: "No import \(id)") }
        return try json(Status(i))
    }

    /// The registered source systems, with their record counts and last import.
    static func sources(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.personIndex))
        _ = try req.queryParameters(allowed: [])
        return try json(try await SourceStore.all(on: req.sql))
    }

    /// Registers a source system: a short unique name (its imports' address), kind and format.
    static func createSource(_ req: Request) async throws -> Response {
        let fields = try req.jsonFields(as: .source)
        try await req.authorize(.create, Resource(.personIndex))
        let input = try SourceStore.SourceInput.validate(fields).orThrow()
        let id = try await SourceStore.create(input, on: req.sql)
        return try created(id, at: "/api/v1/sources/\(input.name)/imports")
    }

    /// A source's latest imports, newest first.
    static func imports(_ req: Request) async throws -> Response {
        let name = req.parameters.get("source") ?? ""
        try await req.authorize(.read, Resource(.personIndex))
        let page = try APIPage.read(req)
        guard let source = try await SourceStore.byName(name, on: req.sql) else { throw Abort(.notFound, reason: "No source is registered as \(name)") }
        return try page.respond(try await SourceStore.imports(source: source.id, page: page, on: req.sql).map(Status.init), key: { ("", $0.importId) }, req)
    }

    static func upload(_ req: Request) async throws -> Response {
        let name = req.parameters.get("source") ?? ""
        try await req.authorize(.create, Resource(.personIndex), detail: "import into source \(name)")
        guard let source = try await SourceStore.byName(name, on: req.sql) else {
            throw Abort(.notFound, reason: "No source is registered as \(name)")
        }
        return try await run(req, source: source, by: req.signedIn?.actor.practitionerId, fileName: req.headers.first(name: "X-File-Name") ?? "api upload")
    }

    static func notify(_ req: Request) async throws -> Response {
        let client = req.systemClient
        try await req.authorize(.create, Resource(.notification, itemId: client?.sourceId), purpose: .administration,
                                detail: client.map { "system client \($0.name) into \($0.sourceName ?? "no source")" })
        guard let client, let sourceId = client.sourceId, let source = try await SourceStore.find(sourceId, on: req.sql) else {
            throw Abort(.notFound, reason: "The client's source is no longer registered")
        }
        return try await run(req, source: source, by: nil, fileName: "notifications from \(client.name)")
    }

    /// Reads the file at once (refused whole with 422, nothing stored), queues it for whichever
    /// server takes it first, and answers with its report when it has ended.
    static func run(_ req: Request, source: SourceStore.SourceRow, by: Int64?, fileName: String) async throws -> Response {
        guard let body = req.body.data, body.readableBytes > 0 else { throw Abort(.badRequest, reason: "The request body is empty; send the file") }
        let data = Data(body.readableBytesView)
        let parsed: ParsedSource
        do { parsed = try ImportJob.read(data, source: source, today: req.today) } catch {
            _ = try await SourceStore.logRefused(source: source.id, fileName: fileName, reason: error.reason, by: by, on: req.sql)
            throw Abort(.unprocessableEntity, reason: "Refused whole, nothing imported: \(error.reason)")
        }
        let worker = req.application.importWorker
        let id = try await worker.submit(data, fileName: fileName, total: parsed.total, header: parsed.header, source: source.id, by: by)
        let i = try await worker.finished(id)
        guard i.status == "done" else { throw Abort(.internalServerError, reason: "Import \(id) \(i.status): \(i.problemList.last?.problem ?? "see its report")") }
        return try json(Report(importId: i.id, added: i.added, updated: i.updated, unchanged: i.unchanged, rejected: i.rejected, reviews: i.reviews,
                               problems: i.problemList))
    }
}
