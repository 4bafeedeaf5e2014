import Vapor
import CradleCore

/// Source systems, uploads and imports. Only the records team (data quality role) may use them.
enum SourceController {
    static func list(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.personIndex))
        return .html(try await renderList(req, FormState()))
    }

    static func renderList(_ req: Request, _ f: FormState) async throws -> String {
        let open = try await LinkReviewStore.queue(on: req.sql).open.count
        return SourceViews.list(try await SourceStore.all(on: req.sql), openReviews: open, form: f, layout: req.layout("Person index", active: "person-index"))
    }

    static func create(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.personIndex))
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Source added", render: { try await renderList(req, $0) }) {
            let id = try await SourceStore.create(try SourceStore.SourceInput.validate(fields).orThrow(), on: req.sql)
            return "/sources/\(id)"
        }
    }

    static func show(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.personIndex))
        return .html(try await renderSource(req, try req.id(), notice: nil))
    }

    static func renderSource(_ req: Request, _ id: Int64, notice: String?) async throws -> String {
        guard let s = try await SourceStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        return SourceViews.source(s, imports: try await SourceStore.imports(source: id, on: req.sql), notice: notice,
                                  layout: req.layout(s.name, active: "person-index"))
    }

    struct Upload: Content {
        var file: File?
    }

    /// Reads the file now (a refused file is reported on the page, nothing stored) and queues
    /// it for whichever server takes it first; the import's page shows progress.
    static func upload(_ req: Request) async throws -> Response {
        let id = try req.id()
        let me = try req.requireSignedIn()
        try await req.authorize(.create, Resource(.personIndex), detail: "import into source \(id)")
        guard let source = try await SourceStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        let upload = try? req.content.decode(Upload.self)
        guard let file = upload?.file, file.data.readableBytes > 0 else {
            return .html(try await renderSource(req, id, notice: "Choose a file to import."), status: .unprocessableEntity)
        }
        let data = Data(file.data.readableBytesView)
        let parsed: ParsedSource
        do { parsed = try ImportJob.read(data, source: source, today: req.today) } catch {
            _ = try await SourceStore.logRefused(source: id, fileName: file.filename, reason: error.reason, by: me.actor.practitionerId, on: req.sql)
            return .html(try await renderSource(req, id, notice: error.reason), status: .unprocessableEntity)
        }
        let importId = try await req.application.importWorker.submit(data, fileName: file.filename, total: parsed.total, header: parsed.header,
                                                                   source: id, by: me.actor.practitionerId)
        return .seeOther("/imports/\(importId)")
    }

    static func importStatus(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.personIndex))
        guard let i = try await SourceStore.findImport(try req.id(), on: req.sql) else { throw Abort(.notFound) }
        return .html(SourceViews.importPage(i, layout: req.layout("Import \(i.id)", active: "person-index")))
    }
}
