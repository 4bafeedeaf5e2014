import Vapor
import CradleCore

/// Adding a service to a child or family, and changing or ending it.
enum InvolvementController {
    static func render(_ req: Request, _ form: FormState, title: String, action: String) async throws -> String {
        let services = try await Directory.services(on: req.sql)
        let practitioners = try await Directory.practitioners(on: req.sql)
        return ServiceRecordForms.involvement(form, title: title, action: action, services: services,
                                              practitioners: practitioners, layout: req.layout(title))
    }

    static func new(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.involvement, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        return .html(try await render(req, FormState(values: ["startDate": req.today.iso]), title: "Add a service for \(p.fullName)",
                                      action: "/people/\(id)/involvements"))
    }

    static func create(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.involvement, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, render: {
            try await render(req, $0, title: "Add a service for \(p.fullName)", action: "/people/\(id)/involvements")
        }) {
            let input = try InvolvementInput.validate(fields, today: req.today).orThrow()
            _ = try await InvolvementStore.create(input, person: p, on: req.sql)
            return "/people/\(id)#services"
        }
    }

    static func edit(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let i = try await InvolvementStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        try await req.authorize(.read, Resource(.involvement, personId: i.personId, familyId: i.familyId))
        var v: [String: String] = ["serviceId": String(i.serviceId), "startDate": i.startDate, "version": String(i.version),
                                   "wholeFamily": i.familyId == nil ? "" : "on"]
        v["endDate"] = i.endDate
        v["leadPractitionerId"] = i.leadPractitionerId.map(String.init)
        return .html(try await render(req, FormState(values: v), title: "Change \(i.serviceName)", action: "/involvements/\(id)"))
    }

    static func update(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let i = try await InvolvementStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        try await req.authorize(.update, Resource(.involvement, personId: i.personId, familyId: i.familyId))
        let fields = try req.formFields()
        let back = try await backLink(i, on: req)
        return try await handleForm(req, fields: fields, render: {
            try await render(req, $0, title: "Change \(i.serviceName)", action: "/involvements/\(id)")
        }) {
            let input = try InvolvementInput.validate(fields, today: req.today).orThrow()
            try await InvolvementStore.update(id, version: try req.version(in: fields), input, on: req.sql)
            return back
        }
    }

    /// Where to return after an edit: the child, or the family for a family-wide involvement.
    static func backLink(_ i: InvolvementRow, on req: Request) async throws -> String {
        if let p = i.personId { return "/people/\(p)#services" }
        return "/families/\(i.familyId ?? 0)"
    }
}
