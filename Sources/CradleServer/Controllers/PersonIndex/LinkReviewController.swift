import Vapor
import CradleCore

/// The review queue, a proposed link's decision, merges and unmerges, and the links export.
enum LinkReviewController {
    static func queue(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.personIndex))
        let q = try await LinkReviewStore.queue(on: req.sql)
        return .html(LinkReviewViews.queue(open: q.open, decided: q.decided, layout: req.layout("Links to review", active: "person-index")))
    }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.personIndex), detail: "link review \(id)")
        return .html(try await render(req, id, FormState()))
    }

    static func render(_ req: Request, _ id: Int64, _ f: FormState) async throws -> String {
        guard let r = try await LinkReviewStore.find(id, on: req.sql), let record = try await SourceRecordStore.find(r.sourceRecordId, on: req.sql) else {
            throw Abort(.notFound)
        }
        let candidate: LinkReviewViews.Side
        if let cid = r.candidateRecordId, let c = try await SourceRecordStore.find(cid, on: req.sql) {
            candidate = LinkReviewViews.side(c)
        } else if let p = try await PersonStore.person(r.candidatePersonId, on: req.sql) {
            let postcode = try await PersonStore.addresses(of: p.id, on: req.sql).first { $0.toDate == nil }?.postcode
            candidate = .init(title: "Cradle record \(p.id) (entered by hand)", facts: [
                ("Given name", p.givenName), ("Family name", p.familyName), ("Date of birth", Format.day(p.dateOfBirth)),
                ("Sex", Format.label(p.sex, Sex.self)), ("NHS number", p.nhsNumber.flatMap { try? NHSNumber($0).formatted } ?? "—"),
                ("Postcode", postcode ?? "—")])
        } else { throw Abort(.notFound) }
        let linker = req.application.settings.linker
        return LinkReviewViews.review(r, record: LinkReviewViews.side(record), candidate: candidate, autoLink: linker.autoLink,
                                      reviewFrom: linker.reviewFrom, form: f, layout: req.layout("Link review", active: "person-index"))
    }

    static func decide(_ req: Request) async throws -> Response {
        let id = try req.id()
        let fields = try req.formFields()
        let decision = fields["decision"] ?? ""
        try await req.authorize(.update, Resource(.personIndex), detail: "link review \(id): \(decision)")
        let me = try req.requireSignedIn()
        return try await handleForm(req, fields: fields, saved: "Decision recorded", render: { try await render(req, id, $0) }) {
            guard decision == "accept" || decision == "reject" else { throw InvalidInput("decision", "Choose accept or reject") }
            try await LinkReviewStore.decide(id, accept: decision == "accept", by: me.actor.practitionerId!, on: req.db)
            return "/links/review"
        }
    }

    static func merges(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.personIndex))
        return .html(try await renderMerges(req, FormState()))
    }

    static func renderMerges(_ req: Request, _ f: FormState) async throws -> String {
        LinkReviewViews.merges(try await MergeStore.recent(on: req.sql), form: f, layout: req.layout("Merges", active: "person-index"))
    }

    static func merge(_ req: Request) async throws -> Response {
        let fields = try req.formFields()
        try await req.authorize(.update, Resource(.personIndex), detail: "merge \(fields["mergedPersonId"] ?? "") into \(fields["keptPersonId"] ?? "")")
        let me = try req.requireSignedIn()
        return try await handleForm(req, fields: fields, saved: "Records merged", render: { try await renderMerges(req, $0) }) {
            let (kept, merged, reason) = try mergeInput(fields)
            if !confirmed(fields) { try await MergeStore.check(kept: kept, merged: merged, on: req.sql) }
            try askFirst(fields, title: "Merge record \(merged) into record \(kept)?",
                         consequences: ["Record \(merged)'s source records, contacts and notes move to record \(kept); record \(merged) then points to it.",
                                        "Everyone who opens either record sees one child.",
                                        "The merge is logged and can be undone from this page."],
                         action: "/links/merges", confirm: "Merge the records", cancel: "/links/merges",
                         layout: req.layout("Merge records", active: "person-index"))
            let at = ISO8601DateFormatter.now
            _ = try await req.db.writeTransaction { db in
                try await MergeStore.merge(kept: kept, merged: merged, reason: reason, by: me.actor.practitionerId, at: at, on: db)
            }
            return "/links/merges"
        }
    }

    /// The record to keep, the one to merge into it, and why.
    static func mergeInput(_ fields: [String: String]) throws -> (kept: Int64, merged: Int64, reason: String) {
        var f = FieldReader(fields)
        let kept = f.identifier("keptPersonId", label: "Record to keep")
        let merged = f.identifier("mergedPersonId", label: "Record to merge")
        let reason = f.text("reason", label: "Reason", max: 300)
        guard f.errors.isEmpty, let kept, let merged, let reason else { throw InvalidInput(errors: f.errors) }
        return (kept, merged, reason)
    }

    static func unmerge(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.personIndex), detail: "undo merge \(id)")
        let me = try req.requireSignedIn()
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Merge undone", render: { try await renderMerges(req, $0) }) {
            if !confirmed(fields) { try await MergeStore.checkUnmerge(id, on: req.sql) }
            try askFirst(fields, title: "Undo merge \(id)?",
                         consequences: ["The merged record becomes a separate child again, with the source records, contacts and notes it brought.",
                                        "Anything recorded on the kept record since the merge stays there."],
                         action: "/links/merges/\(id)/unmerge", confirm: "Undo the merge", cancel: "/links/merges",
                         layout: req.layout("Undo a merge", active: "person-index"))
            try await MergeStore.unmerge(id, by: me.actor.practitionerId, on: req.db)
            return "/links/merges"
        }
    }

    /// The links as CSV; an export of named records, so it is audited as one.
    static func export(_ req: Request) async throws -> Response {
        try await req.authorize(.export, Resource(.personIndex), detail: "links export")
        var csv = ""
        try await LinkExport.write(on: req.sql) { csv += $0 }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.add(name: .contentDisposition, value: "attachment; filename=\"cradle-links.csv\"")
        headers.add(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: csv))
    }
}
