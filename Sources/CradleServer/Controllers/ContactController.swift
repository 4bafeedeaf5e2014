import Vapor
import CradleCore

/// Recording contacts and appointments, and their outcomes.
enum ContactController {
    static func render(_ req: Request, _ form: FormState, title: String, action: String, services: ContactServiceChoices) -> String {
        ServiceRecordForms.contact(form, title: title, action: action, services: services, layout: req.layout(title))
    }

    static func services(_ req: Request, personId: Int64, keeping current: Int64? = nil) async throws -> ContactServiceChoices {
        try await ContactServiceChoices.load(involvements: try await req.involvements(of: personId), teamIds: req.actor.teamIds,
                                             keeping: current, on: req.sql)
    }

    /// The form's input, with a service the form did not offer refused by name.
    static func input(_ fields: [String: String], _ req: Request, offered: ContactServiceChoices) throws -> ContactInput {
        let input = try ContactInput.validate(fields, today: req.today).orThrow()
        guard offered.offers(input.serviceId) else {
            throw InvalidInput("serviceId", "Service must be one involved with this child or one your team runs")
        }
        return input
    }

    static func new(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.contact, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let offered = try await services(req, personId: id)
        let form = FormState(values: ["date": req.today.iso, "outcome": ContactOutcome.attended.rawValue,
                                      "serviceId": offered.preselected.map(String.init) ?? ""])
        return .html(render(req, form, title: "Add a contact for \(p.fullName)", action: "/people/\(id)/contacts", services: offered))
    }

    static func create(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.contact, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let author = try req.requireSignedIn()
        let fields = try req.formFields()
        let offered = try await services(req, personId: id)
        return try await handleForm(req, fields: fields, saved: "Contact added", render: {
            render(req, $0, title: "Add a contact for \(p.fullName)", action: "/people/\(id)/contacts", services: offered)
        }) {
            let input = try input(fields, req, offered: offered)
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
        let offered = try await services(req, personId: c.personId, keeping: c.serviceId)
        return .html(render(req, FormState(values: v), title: "Change contact", action: "/contacts/\(id)", services: offered))
    }

    static func update(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let c = try await ContactStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        try await req.authorize(.update, Resource(.contact, personId: c.personId))
        let fields = try req.formFields()
        let offered = try await services(req, personId: c.personId, keeping: c.serviceId)
        return try await handleForm(req, fields: fields, saved: "Contact changed", render: {
            render(req, $0, title: "Change contact", action: "/contacts/\(id)", services: offered)
        }) {
            let input = try input(fields, req, offered: offered)
            try await ContactStore.update(id, version: try req.version(in: fields), input, on: req.sql)
            return "/people/\(c.personId)#services"
        }
    }
}
