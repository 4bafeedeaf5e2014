import Vapor
import SQLKit
import CradleCore

/// The information-governance lead's pages: agreements, denied accesses, a user's activity.
enum GovernanceController {
    static func home(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.governance))
        let agreements = try await GovernanceStore.agreements(on: req.sql)
        let organisations = try await Directory.organisations(on: req.sql)
        return .html(GovernanceView.agreements(agreements, organisations: organisations, layout: req.layout("Information governance")))
    }

    static func newAgreement(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.governance))
        let form = FormState(values: ["status": "draft", "lawfulBasis": "direct_care", "startDate": req.today.iso, "purposes": "direct_care"])
        return .html(GovernanceView.agreementForm(form, action: "/governance/agreements", organisations: try await Directory.organisations(on: req.sql),
                                                  layout: req.layout("New agreement")))
    }

    static func editAgreement(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.governance))
        guard let (a, parties) = try await GovernanceStore.agreements(on: req.sql).first(where: { $0.0.id == id }) else { throw Abort(.notFound) }
        var v: [String: String] = ["name": a.name, "purposes": a.purposes, "categories": a.categories, "lawfulBasis": a.lawfulBasis,
                                   "status": a.status, "startDate": a.startDate, "caldicottGuardian": a.caldicottGuardian, "siro": a.siro,
                                   "dpo": a.dpo, "version": String(a.version), "parties": parties.map(String.init).joined(separator: ",")]
        v["endDate"] = a.endDate
        v["reviewDate"] = a.reviewDate
        return .html(GovernanceView.agreementForm(FormState(values: v), action: "/governance/agreements/\(id)",
                                                  organisations: try await Directory.organisations(on: req.sql), layout: req.layout("Edit agreement")))
    }

    static func saveAgreement(_ req: Request) async throws -> Response {
        let id = req.parameters.get("id", as: Int64.self)
        try await req.authorize(id == nil ? .create : .update, Resource(.governance))
        let fields = try multiValueFields(req)
        let organisations = try await Directory.organisations(on: req.sql)
        return try await handleForm(req, fields: fields, saved: "Agreement saved", render: {
            GovernanceView.agreementForm($0, action: id.map { "/governance/agreements/\($0)" } ?? "/governance/agreements",
                                         organisations: organisations, layout: req.layout("Agreement"))
        }) {
            let input = try AgreementInput.validate(fields).orThrow()
            _ = try await GovernanceStore.saveAgreement(id, version: fields["version"].flatMap(Int.init), input, on: req.db)
            req.application.agreementCache.clear()
            return "/governance"
        }
    }

    /// Checkbox groups and multi-selects send a field several times; join them with commas.
    static func multiValueFields(_ req: Request) throws -> [String: String] {
        guard let body = req.body.string else { throw Abort(.badRequest, reason: "The form could not be read.") }
        var out: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let key = kv.first, !key.isEmpty else { continue }
            let value = kv.count > 1 ? kv[1] : ""
            out[key] = out[key].map { $0.isEmpty ? value : $0 + "," + value } ?? value
        }
        return out
    }

    /// The audit trail, filtered and paged; the older links land here with their filter.
    static func audit(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.auditTrail), detail: req.url.query)
        let fields = (try? req.query.decode([String: String].self)) ?? [:]
        return try await auditPage(req, fields: fields)
    }

    static func denied(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.auditTrail), detail: "decision=deny")
        return try await auditPage(req, fields: ["decision": "deny"])
    }

    static func user(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.auditTrail), detail: "user=\(id)")
        return try await auditPage(req, fields: ["user": String(id)])
    }

    static func auditPage(_ req: Request, fields: [String: String]) async throws -> Response {
        switch AuditFilter.read(fields) {
        case .failure(let errors):
            return .html(AuditView.search(AuditFilter(), form: FormState(values: fields, errors: errors), entries: [], names: [:], next: nil,
                                          layout: req.layout("Audit trail")), status: .unprocessableEntity)
        case .success(let filter):
            let before = fields["before"].flatMap { Int64($0) }
            let (entries, more) = try await AuditSearch.page(filter, before: before, on: req.sql)
            let names = try await Directory.practitionerNames(ids: Set(entries.compactMap(\.actorId)), on: req.sql)
            return .html(AuditView.search(filter, form: FormState(values: fields), entries: entries, names: names,
                                          next: more ? entries.last?.seq : nil, layout: req.layout("Audit trail")))
        }
    }

    /// The selection as CSV, itself audited as an export.
    static func auditCSV(_ req: Request) async throws -> Response {
        try await req.authorize(.export, Resource(.auditTrail), detail: req.url.query)
        let fields = (try? req.query.decode([String: String].self)) ?? [:]
        let filter = try AuditFilter.read(fields).orThrow()
        var body = ""
        try await AuditSearch.csv(filter, on: req.sql) { body += $0 }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.add(name: .contentDisposition, value: "attachment; filename=\"cradle-audit.csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}
