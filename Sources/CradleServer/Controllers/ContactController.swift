import Vapor
import CradleCore

/// Recording contacts and appointments, and their outcomes.
enum ContactController {
    static func render(_ req: Request, _ form: FormState, title: String, action: String) async throws -> String {
        ServiceRecordForms.contact(form, title: title, action: action, services: try await Directory.services(on: req.sql), layout: req.layout(title))
    }

    static func new(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.contact, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let form = FormState(values: ["date": req.today.iso, "outcome": ContactOutcome.attended.rawValue])
        return .html(try await render(req, form, title: "Add a contact for \(p.fullName)", action: "/people/\(id)/contacts"))
    }

    static func create(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.contact, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let author = try req.requireSignedIn()
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, render: {
            try await render(req, $0, title: "Add a contact for \(p.fullName)", action: "/people/\(id)/contacts")
        }) {
            let input = try ContactInput.validate(fields, today: req.today).orThrow()
            _ = try await ContactStore.create(input, personId: id, practitionerId: author.actor.practitionerId, on: req.sql)
            return "/people/\(id)#services"
        }
    }

    static func edit(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let c = try await ContactStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        try await req.authorize(.read, Resource(.contact, personId: c.personId))
        let v = ["serviceId": String(c.serviceId), "date": c.date, "type": c.type, "place": c.place,
                 "outcome": c.outcome, "version": String(c.version)]
        return .html(try await render(req, FormState(values: v), title: "Change contact", action: "/contacts/\(id)"))
    }

    static func update(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let c = try await ContactStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        try await req.authorize(.update, Resource(.contact, personId: c.personId))
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, render: {
            try await render(req, $0, title: "Change contact", action: "/contacts/\(id)")
        }) {
            let input = try ContactInput.validate(fields, today: req.today).orThrow()
            try await ContactStore.update(id, version: try req.version(in: fields), input, on: req.sql)
            return "/people/\(c.personId)#services"
        }
    }
}
