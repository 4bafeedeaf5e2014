import Vapor
import CradleCore

/// The child record and the forms that create and edit people.
enum PersonController {
    static func record(_ req: Request) async throws -> Response {
        let id = try req.id()
        let decision: Decision
        do { decision = try await req.authorize(.read, Resource(.servicesInvolved, personId: id)) } catch let denied as AccessDenied {
            // A record merged into another has no services of its own left: send the reader on
            // to the kept record, which the policy then decides on. Asked only after a refusal,
            // so the record page's common path pays nothing for it.
            if let kept = try await PersonStore.mergedInto(id, on: req.sql) { return .seeOther("/people/\(kept)") }
            throw denied
        }
        let notes = NoteFilter(req)
        guard let record = try await ChildRecord.load(id, today: req.today, on: req.sql, mayRead: notes.mayRead,
                                                      involvements: try await req.involvements(of: id)) else {
            throw Abort(.notFound)
        }
        notes.audit(personId: id)
        // Merged into another record: that is where this child's story now is.
        if let kept = record.person.mergedInto { return .seeOther("/people/\(kept)") }
        let offers = try await recordOffers(req, record)
        return .html(ChildRecordView.render(record, today: req.today, layout: req.layout(record.person.fullName), why: decision.reason, offers: offers))
    }

    /// What the record page offers this reader, each asked of the policy. Family members and
    /// the family's pages are other records, decided on their own facts.
    static func recordOffers(_ req: Request, _ record: ChildRecord) async throws -> ChildRecordView.Offers {
        let id = record.person.id, family = record.person.familyId
        var offers = ChildRecordView.Offers(
            editDetails: req.may(.update, Resource(.demographics, personId: id)),
            addContact: req.may(.create, Resource(.contact, personId: id)),
            addService: req.may(.create, Resource(.involvement, personId: id)),
            addNote: req.may(.create, Resource(.caseNote, personId: id)),
            consent: req.may(.read, Resource(.consent, personId: id)),
            requestEarlyHelp: req.may(.create, Resource(.supportRequest)) && req.may(.read, Resource(.demographics, personId: id)),
            change: req.mayChange,
            editNote: { req.noteDecision($0, .update).allowed })
        let assessment = Resource(.assessment, personId: id)
        let reviews = try await req.wouldAllow([(.create, assessment), (.read, assessment)], factsOf: assessment)
        (offers.recordReview, offers.viewReview) = (reviews[0], reviews[1])
        if let family {
            // The family's facts (its involvements, and the reader's part in its early help) cover both.
            let help = Resource(.earlyHelpFamily, familyId: family)
            let pages = try await req.wouldAllow([(.read, Resource(.family, familyId: family)), (.read, help)], factsOf: help)
            (offers.family, offers.familyEarlyHelp) = (pages[0], pages[1])
        }
        for m in record.family where m.id != id {
            if try await req.wouldAllow(.read, Resource(.servicesInvolved, personId: m.id)) { offers.openMembers.insert(m.id) }
        }
        return offers
    }

    static func newChild(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.demographics))
        let form = FormState(values: ["kind": "child", "relationship": "child"])
        return .html(PersonFormView.render(form, title: "Add a child", action: "/children", layout: req.layout("Add a child", active: "new")))
    }

    static func createChild(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.demographics))
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Child added", render: {
            PersonFormView.render($0, title: "Add a child", action: "/children", layout: req.layout("Add a child", active: "new"))
        }) {
            let input = try PersonInput.validate(fields, today: req.today).orThrow()
            let id = try await PersonStore.create(input, familyId: nil, today: req.today, on: req.db)
            try await InvolvementStore.involveRegisteringTeam(personId: id, registrar: try req.requireSignedIn(), today: req.today, on: req.sql)
            try await req.auditCreated(Resource(.demographics, personId: id))
            return "/people/\(id)"
        }
    }

    static func edit(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.demographics, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let address = try await PersonStore.addresses(of: id, on: req.sql).first { $0.toDate == nil }
        let form = FormState(values: PersonFormView.values(from: p, address: address))
        return .html(PersonFormView.render(form, title: "Edit \(p.fullName)", action: "/people/\(id)", layout: req.layout("Edit details")))
    }

    static func update(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.demographics, personId: id))
        guard try await PersonStore.person(id, on: req.sql) != nil else { throw Abort(.notFound) }
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Details saved", render: {
            PersonFormView.render($0, title: "Edit details", action: "/people/\(id)", layout: req.layout("Edit details"))
        }) {
            let input = try PersonInput.validate(fields, today: req.today).orThrow()
            try await PersonStore.update(id, version: try req.version(in: fields), input, today: req.today, on: req.db)
            return "/people/\(id)"
        }
    }
}
