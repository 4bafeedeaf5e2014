import Vapor
import CradleCore

/// Starting a service with a child or family, and changing or ending it. A practitioner
/// starts only their own team's service, giving the lawful basis; only the involved team (or
/// the lead professional) changes or ends it. The policy decides both.
enum InvolvementController {
    static func render(_ req: Request, _ form: FormState, title: String, action: String, starting: Bool) async throws -> String {
        let services = try await InvolvementStore.services(ofTeams: req.actor.teamIds, on: req.sql)
        let practitioners = try await Directory.practitioners(on: req.sql)
        return ServiceRecordForms.involvement(form, title: title, action: action, services: services,
                                              practitioners: practitioners, starting: starting, layout: req.layout(title))
    }

    /// The service and basis a submitted form asks for, once the form is valid.
    static func proposal(_ parsed: Result<InvolvementInput, FieldErrors>, changing current: InvolvementRow? = nil) -> InvolvementProposal? {
        (try? parsed.get()).map { InvolvementProposal(serviceId: $0.serviceId, basis: $0.basis, current: current) }
            ?? current.map { InvolvementProposal(current: $0) }
    }

    static func detail(_ p: InvolvementProposal?) -> String? {
        p.map { "service \($0.serviceId.map(String.init) ?? "-")" + ($0.basis.map { "; lawful basis \($0.rawValue)" } ?? "") }
    }

    static func new(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.involvement, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        return .html(try await render(req, FormState(values: ["startDate": req.today.iso]), title: "Add a service for \(p.fullName)",
                                      action: "/people/\(id)/involvements", starting: true))
    }

    static func create(_ req: Request) async throws -> Response {
        let id = try req.id()
        let fields = try req.formFields()
        let parsed = InvolvementInput.validate(fields, today: req.today, starting: true)
        let proposal = proposal(parsed)
        try await req.authorize(.create, Resource(.involvement, personId: id), detail: detail(proposal), proposal: proposal)
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        return try await handleForm(req, fields: fields, saved: "Service added", render: {
            try await render(req, $0, title: "Add a service for \(p.fullName)", action: "/people/\(id)/involvements", starting: true)
        }) {
            _ = try await InvolvementStore.create(try parsed.orThrow(), person: p, on: req.sql)
            return "/people/\(id)#services"
        }
    }

    static func edit(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let i = try await InvolvementStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        try await req.authorize(.update, Resource(.involvement, personId: i.personId, familyId: i.familyId, itemId: id),
                                proposal: InvolvementProposal(current: i))
        var v: [String: String] = ["serviceId": String(i.serviceId), "startDate": i.startDate, "version": String(i.version),
                                   "wholeFamily": i.familyId == nil ? "" : "on"]
        v["endDate"] = i.endDate
        v["leadPractitionerId"] = i.leadPractitionerId.map(String.init)
        return .html(try await render(req, FormState(values: v), title: "Change \(i.serviceName)", action: "/involvements/\(id)", starting: false))
    }

    static func update(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let i = try await InvolvementStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        let fields = try req.formFields()
        let parsed = InvolvementInput.validate(fields, today: req.today)
        let proposal = proposal(parsed, changing: i)
        try await req.authorize(.update, Resource(.involvement, personId: i.personId, familyId: i.familyId, itemId: id),
                                detail: detail(proposal), proposal: proposal)
        let back = try await backLink(i, on: req)
        return try await handleForm(req, fields: fields, saved: "Involvement saved", render: {
            try await render(req, $0, title: "Change \(i.serviceName)", action: "/involvements/\(id)", starting: false)
        }) {
            let input = try parsed.orThrow()
            if i.endDate == nil, let end = input.endDate {
                try askFirst(fields, title: "End \(i.serviceName)'s involvement?",
                             consequences: ["\(i.serviceName) will show as ended on \(end.display) under Services involved.",
                                            "The team's access that came from this involvement ends with it."],
                             action: "/involvements/\(id)", confirm: "End the involvement", cancel: back, layout: req.layout("End an involvement"))
            }
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
