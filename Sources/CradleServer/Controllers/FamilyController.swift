import Vapor
import CradleCore

enum FamilyController {
    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.family, familyId: id))
        return .html(try await render(req, id, access: FormState()))
    }

    /// The family's page; `access`: the family access or answer form as sent, when it had a problem.
    static func render(_ req: Request, _ id: Int64, access: FormState) async throws -> String {
        guard let family = try await PersonStore.family(id, on: req.sql) else { throw Abort(.notFound) }
        let members = try await PersonStore.members(ofFamily: id, on: req.sql)
        var offers = FamilyView.Offers(rename: req.may(.update, Resource(.family, familyId: id)),
                                       addMember: req.may(.create, Resource(.demographics, familyId: id)),
                                       journey: try await req.wouldAllow(.read, Resource(.assessment, familyId: id)),
                                       earlyHelp: try await req.wouldAllow(.read, Resource(.earlyHelpFamily, familyId: id)))
        offers.familyAccess = offers.rename
        offers.answerRequests = try await req.wouldAllow(.update, Resource(.familyRequest, familyId: id))
        // Each member's record is decided on its own facts.
        for m in members where try await req.wouldAllow(.read, Resource(.servicesInvolved, personId: m.id)) { offers.openMembers.insert(m.id) }
        return FamilyView.render(family, members: members, offers: offers,
                                 accounts: try await FamilyAccountStore.accounts(ofFamily: id, on: req.sql),
                                 requests: try await FamilyRequestStore.forFamily(id, on: req.sql), form: access,
                                 today: req.today, layout: req.layout(family.name))
    }

    static func edit(_ req: Request) async throws -> Response {
        let id = try req.id()
        // The form is offered only to those who may save it.
        try await req.authorize(.update, Resource(.family, familyId: id))
        guard let family = try await PersonStore.family(id, on: req.sql) else { throw Abort(.notFound) }
        let form = FormState(values: ["name": family.name, "version": String(family.version)])
        return .html(ServiceRecordForms.family(form, title: "Rename family", action: "/families/\(id)", layout: req.layout("Rename family")))
    }

    static func update(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.family, familyId: id))
        guard try await PersonStore.family(id, on: req.sql) != nil else { throw Abort(.notFound) }
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Family renamed", render: {
            ServiceRecordForms.family($0, title: "Rename family", action: "/families/\(id)", layout: req.layout("Rename family"))
        }) {
            let input = try FamilyInput.validate(fields).orThrow()
            try await PersonStore.updateFamily(id, version: try req.version(in: fields), input, on: req.sql)
            return "/families/\(id)"
        }
    }

    static func newMember(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.demographics, familyId: id))
        guard let family = try await PersonStore.family(id, on: req.sql) else { throw Abort(.notFound) }
        let form = FormState(values: ["kind": "adult", "relationship": "mother"])
        return .html(PersonFormView.render(form, title: "Add to \(family.name)", action: "/families/\(id)/members", layout: req.layout("Add a family member")))
    }

    static func createMember(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.demographics, familyId: id))
        guard try await PersonStore.family(id, on: req.sql) != nil else { throw Abort(.notFound) }
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Family member added", render: {
            PersonFormView.render($0, title: "Add a family member", action: "/families/\(id)/members", layout: req.layout("Add a family member"))
        }) {
            let input = try PersonInput.validate(fields, today: req.today).orThrow()
            let person = try await PersonStore.create(input, familyId: id, today: req.today, on: req.db)
            return "/people/\(person)"
        }
    }
}
