import Vapor
import CradleCore

/// Practitioners' side of a family's access: registering a parent's or carer's email, closing
/// access, answering the family's requests, and hiding an address from the rest of the family.
enum FamilyAccessController {
    static func register(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.family, familyId: id), detail: "family access")
        let me = try req.requireSignedIn()
        let fields = try req.formFields()
        let adults = Set(try await PersonStore.members(ofFamily: id, on: req.sql).filter { $0.kind == PersonKind.adult.rawValue }.map(\.id))
        return try await handleForm(req, fields: fields, saved: "Family access added: they can now ask for a sign-in link", form: "access",
                                    render: { try await FamilyController.render(req, id, access: $0) }) {
            let input = try FamilyAccessInput.validate(fields, adults: adults).orThrow()
            let account = try await FamilyAccountStore.register(family: id, person: input.personId, email: input.email, by: me.actor.practitionerId, on: req.sql)
            try await req.auditCreated(Resource(.family, personId: input.personId, familyId: id), detail: "family account \(account) for \(input.email)")
            return "/families/\(id)#family-access"
        }
    }

    static func setActive(_ req: Request) async throws -> Response {
        let id = try req.id()
        let account = try req.id("account")
        try await req.authorize(.update, Resource(.family, familyId: id), detail: "family account \(account)")
        let active = (try req.formFields())["active"] == "on"
        guard try await FamilyAccountStore.setActive(account, family: id, active, on: req.sql) else { throw Abort(.notFound) }
        req.flash(active ? "Family access reopened" : "Family access closed: that address can no longer sign in")
        return .seeOther("/families/\(id)#family-access")
    }

    /// The records team's queue: every family's open requests, oldest first.
    static func queue(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.familyRequest))
        return .html(FamilyAccessViews.queue(try await FamilyRequestStore.open(on: req.sql), form: FormState(), layout: req.layout("Families' requests", active: "requests")))
    }

    static func answer(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let request = try await FamilyRequestStore.find(id, on: req.sql) else {
            try await req.authorize(.update, Resource(.familyRequest, itemId: id))
            throw Abort(.notFound)
        }
        try await req.authorize(.update, Resource(.familyRequest, familyId: request.familyId, itemId: id))
        let me = try req.requireSignedIn()
        let fields = try req.formFields()
        let back = fields["from"] == "queue" ? "/records/requests" : "/families/\(request.familyId)#family-requests"
        return try await handleForm(req, fields: fields, saved: "Answer sent: the family sees it when they next sign in", form: "answer-\(id)", render: { f in
            fields["from"] == "queue"
                ? FamilyAccessViews.queue(try await FamilyRequestStore.open(on: req.sql), form: f, layout: req.layout("Families' requests", active: "requests"))
                : try await FamilyController.render(req, request.familyId, access: f)
        }) {
            let answer = try FamilyRequestAnswer.validate(fields).orThrow()
            guard try await FamilyRequestStore.answer(id, answer, by: me.actor.practitionerId!, on: req.sql) else {
                throw InvalidInput("status", "This request was answered already")
            }
            try await tellTheFamily(req, request)
            return back
        }
    }

    /// Mails whoever asked that there is an answer, if their access is still open. The answer
    /// itself stays behind the sign-in: mail can be read by others in a household.
    static func tellTheFamily(_ req: Request, _ request: FamilyRequestStore.Row) async throws {
        guard let account = try await FamilyAccountStore.active(email: request.askedBy, on: req.sql) else { return }
        let settings = req.application.settings
        try settings.mailDrop.send(to: account.email, subject: "Your request has an answer", body: """
            Hello \(account.givenName),

            \(settings.earlyHelp.authorityName) has answered the request you sent from your family's record. Sign in to read it:

            \(settings.publicURL)/family/sign-in
            """)
    }

    /// Hides a person's current address from the rest of their family when they sign in, or shows it again.
    static func addressSafety(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.demographics, personId: id), detail: "address hidden from family")
        let hidden = (try req.formFields())["hidden"] == "on"
        guard try await FamilyRecordStore.setHidden(person: id, hidden, on: req.sql) else {
            throw Abort(.unprocessableEntity, reason: "This person has no current address to hide")
        }
        req.flash(hidden ? "Address hidden from the rest of the family" : "Address shown to the family again")
        return .seeOther("/people/\(id)")
    }
}
