import Vapor
import CradleCore

enum FamilyController {
    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.family, familyId: id))
        guard let family = try await PersonStore.family(id, on: req.sql) else { throw Abort(.notFound) }
        let members = try await PersonStore.members(ofFamily: id, on: req.sql)
        return .html(FamilyView.render(family, members: members, today: req.today, layout: req.layout(family.name)))
    }

    static func edit(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.family, familyId: id))
        guard let family = try await PersonStore.family(id, on: req.sql) else { throw Abort(.notFound) }
        let form = FormState(values: ["name": family.name, "version": String(family.version)])
        return .html(ServiceRecordForms.family(form, title: "Rename family", action: "/families/\(id)", layout: req.layout("Rename family")))
    }

    static func update(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.family, familyId: id))
        guard try await PersonStore.family(id, on: req.sql) != nil else { throw Abort(.notFound) }
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, render: {
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
        return try await handleForm(req, fields: fields, render: {
            PersonFormView.render($0, title: "Add a family member", action: "/families/\(id)/members", layout: req.layout("Add a family member"))
        }) {
            let input = try PersonInput.validate(fields, today: req.today).orThrow()
            let person = try await PersonStore.create(input, familyId: id, today: req.today, on: req.db)
            return "/people/\(person)"
        }
    }
}
