import Foundation
import Vapor
import CradleCore

/// The partnership's self-assessment against the integrated early years maturity matrix:
/// every signed-in practitioner may read it; locality managers and analysts record scores,
/// each with its evidence, for the board.
enum PartnershipController {
    struct ScoreForm: Content {
        var dimension: String?
        var stage: String?
        var assessedOn: String?
        var evidence: String?
        var link: String?
        var file: File?
    }

    static func page(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.partnership))
        return .html(try await render(req, FormState(values: ["assessedOn": req.today.iso])))
    }

    static func render(_ req: Request, _ form: FormState) async throws -> String {
        PartnershipViews.page(try await MaturityStore.all(on: req.sql), mayScore: req.may(.create, Resource(.partnership)), form: form,
                              layout: req.layout("Partnership maturity", active: "partnership"))
    }

    static func score(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.partnership))
        let me = try req.requireSignedIn()
        guard let sent = try? req.content.decode(ScoreForm.self) else { throw Abort(.badRequest, reason: "The form could not be read. Go back and try again.") }
        let fields = ["dimension": sent.dimension ?? "", "stage": sent.stage ?? "", "assessedOn": sent.assessedOn ?? "",
                      "evidence": sent.evidence ?? "", "link": sent.link ?? ""]
        return try await handleForm(req, fields: fields, saved: "Score recorded", render: { try await render(req, $0) }) {
            var errors = FieldErrors()
            let file = evidence(sent.file, &errors)
            let input = MaturityScoreInput.validate(fields, today: req.today)
            if case .failure(let e) = input { for m in e.messages { errors.add(m.field, m.message) } }
            guard errors.isEmpty, case .success(let score) = input else { throw InvalidInput(errors: errors) }
            let id = try await MaturityStore.add(score, file: file, by: me.actor.practitionerId!, on: req.sql)
            try await req.auditCreated(Resource(.partnership, itemId: id), detail: "\(score.dimension.code): stage \(score.stage.rawValue)")
            return "/partnership#\(score.dimension.code)"
        }
    }

    /// The uploaded file, if one was chosen: of a kind a board reads, and at most 5 MB.
    static func evidence(_ file: File?, _ errors: inout FieldErrors) -> MaturityStore.Evidence? {
        guard let file, file.data.readableBytes > 0 else { return nil }
        let name = String(file.filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "evidence")
            .filter { !$0.isNewline && $0 != "\"" }.prefix(200)
        guard let type = file.extension.flatMap({ MaturityStore.fileTypes[$0.lowercased()] }) else {
            errors.add("file", "A file of evidence must be one of: " + MaturityStore.fileTypes.keys.sorted().joined(separator: ", "))
            return nil
        }
        guard file.data.readableBytes <= MaturityStore.maxFile else {
            errors.add("file", "A file of evidence must be 5 MB or smaller")
            return nil
        }
        return MaturityStore.Evidence(name: String(name), type: type, data: Data(file.data.readableBytesView))
    }

    static func file(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.partnership, itemId: id), detail: "evidence file")
        guard let f = try await MaturityStore.file(id, on: req.sql) else { throw Abort(.notFound) }
        let res = Response(status: .ok, body: .init(data: f.data))
        res.headers.replaceOrAdd(name: .contentType, value: f.type)
        res.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(f.name)\"")
        return res
    }
}
