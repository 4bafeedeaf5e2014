import Foundation
import Vapor
import CradleCore

/// A parent or carer's view of their own family's record, its consent controls, their
/// requests, and everything held about them to download. The policy allows each only for
/// their own family; a practitioner or someone signed out is sent to the family sign-in.
enum FamilyRecordController {
    static func page(_ req: Request) async throws -> Response {
        guard let member = req.actor.familyMember else { return try await toSignIn(req) }
        try await req.authorize(.read, Resource(.familyRecord, familyId: member.familyId), purpose: .ownFamily)
        try await FamilyAccountStore.markViewed(member.accountId, on: req.sql)
        let query = (try? req.query.decode([String: String].self)) ?? [:]
        return .html(try await render(req, member, FormState(values: ["kind": query["kind"] ?? "", "personId": query["person"] ?? ""], submitted: "requests")))
    }

    /// The family's page; `form`: the request or consent form as sent, when it had a problem.
    static func render(_ req: Request, _ member: FamilyMember, _ form: FormState) async throws -> String {
        guard let record = try await FamilyRecordStore.load(member, today: req.today, on: req.sql) else { throw Abort(.notFound) }
        return FamilyRecordView.page(record, viewer: member, form: form, today: req.today, seesNames: req.application.settings.familySeesNames,
                                     layout: req.layout("Your family's record", active: "family"))
    }

    /// A consent given or withdrawn by the family itself, in force from the next request.
    static func consent(_ req: Request) async throws -> Response {
        guard let member = req.actor.familyMember else { return try await toSignIn(req) }
        let fields = try req.formFields()
        let person = Int64(fields["personId"] ?? "") ?? 0
        try await req.authorize(.create, Resource(.consent, personId: person), purpose: .ownFamily)
        guard let account = try await FamilyAccountStore.account(member.accountId, on: req.sql) else { throw Abort(.notFound) }
        var decision = fields
        decision["givenBy"] = "\(account.givenName) \(account.familyName) (parent or carer), online"
        decision["date"] = req.today.iso
        decision["method"] = ConsentMethod.familyOnline.rawValue
        decision["recipientKinds"] = nil
        decision["recipientOrganisations"] = nil
        return try await handleForm(req, fields: fields, saved: "Your choice is saved and applies from now", form: "consents",
                                    render: { try await render(req, member, $0) }) {
            let input = try ConsentInput.validate(decision, today: req.today).orThrow()
            _ = try await GovernanceStore.recordConsent(personId: person, input, recordedBy: nil, family: member.accountId, on: req.sql)
            return "/family#sharing"
        }
    }

    static func request(_ req: Request) async throws -> Response {
        guard let member = req.actor.familyMember else { return try await toSignIn(req) }
        try await req.authorize(.create, Resource(.familyRequest, familyId: member.familyId), purpose: .ownFamily)
        let fields = try req.formFields()
        let members = Set(try await PersonStore.members(ofFamily: member.familyId, on: req.sql).map(\.id))
        return try await handleForm(req, fields: fields, saved: "Your request is sent: you will see the answer here", form: "requests",
                                    render: { try await render(req, member, $0) }) {
            _ = try await FamilyRequestStore.create(try FamilyRequestInput.validate(fields, members: members).orThrow(), by: member, on: req.sql)
            return "/family#requests"
        }
    }

    /// Everything Cradle holds about the family that the family may see, as JSON or as a page
    /// to print or save; the case notes are named as held back, with how to ask for them.
    static func export(_ req: Request) async throws -> Response {
        guard let member = req.actor.familyMember else { return try await toSignIn(req) }
        let json = req.url.path.hasSuffix(".json")
        try await req.authorize(.export, Resource(.familyRecord, familyId: member.familyId), purpose: .ownFamily,
                                detail: json ? "download as JSON" : "download as a page")
        guard let record = try await FamilyRecordStore.load(member, today: req.today, allLooks: true, on: req.sql) else { throw Abort(.notFound) }
        let seesNames = req.application.settings.familySeesNames
        let name = "family-record-\(req.today.iso)"
        if json {
            let body = try FamilyExport.json(record, today: req.today, seesNames: seesNames)
            let res = Response(status: .ok, body: .init(data: body))
            res.headers.contentType = .json
            res.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name).json\"")
            return res
        }
        let res = Response.html(FamilyRecordView.export(record, viewer: member, today: req.today, seesNames: seesNames,
                                                        layout: req.layout("Everything we hold about your family")))
        res.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(name).html\"")
        return res
    }

    static func toSignIn(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage), purpose: .signIn)
        return .seeOther("/family/sign-in")
    }
}
