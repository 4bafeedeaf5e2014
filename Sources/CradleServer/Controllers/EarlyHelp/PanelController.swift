import Vapor
import SQLKit
import CradleCore

/// Multi-agency panels. The front door schedules them, builds the agenda, records attendance
/// and decisions; members read the agenda, and each agenda family, for the panel's purpose.
enum PanelController {
    static func list(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.frontDoor))
        return .html(try await renderList(req, FormState()))
    }

    static func renderList(_ req: Request, _ form: FormState) async throws -> String {
        PanelViews.list(try await PanelStore.all(on: req.sql), practitioners: try await Directory.practitioners(on: req.sql), form: form,
                        layout: req.layout("Panels", active: "early-help"))
    }

    static func create(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.frontDoor))
        let fields = try GovernanceController.multiValueFields(req)
        return try await handleForm(req, fields: fields, saved: "Panel arranged", render: { try await renderList(req, $0) }) {
            let input = try PanelStore.PanelInput.validate(fields, now: req.now).orThrow()
            return "/panels/\(try await PanelStore.create(input, by: try req.requireSignedIn(), on: req.db))"
        }
    }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        let decision = try await req.authorize(.read, Resource(.panelAgenda, itemId: id), purpose: .multiAgencyPanel)
        return .html(try await render(req, id, FormState(), why: decision.reason))
    }

    static func render(_ req: Request, _ id: Int64, _ form: FormState, why: String) async throws -> String {
        guard let panel = try await PanelStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        let coordinator = req.may(.update, Resource(.panelAgenda, itemId: id), purpose: .multiAgencyPanel)
        return PanelViews.panel(panel, members: try await PanelStore.members(id, on: req.sql), items: try await PanelStore.items(id, on: req.sql),
                                actions: try await PanelStore.actions(id, on: req.sql),
                                candidates: coordinator ? try await PanelStore.candidates(today: req.today, on: req.sql) : [],
                                practitioners: coordinator ? try await Directory.practitioners(on: req.sql) : [],
                                services: coordinator ? try await Directory.services(on: req.sql) : [],
                                coordinator: coordinator, continuum: req.earlyHelp.continuum, form: form, why: why,
                                layout: req.layout(panel.name, active: "early-help"))
    }

    /// The front door's changes to a panel: asked as an update for the panel's purpose.
    static func coordinate(_ req: Request, _ fields: [String: String], saved: String, save: @escaping (Int64) async throws -> String) async throws -> Response {
        let id = try req.id()
        let decision = try await req.authorize(.update, Resource(.panelAgenda, itemId: id), purpose: .multiAgencyPanel)
        guard try await PanelStore.find(id, on: req.sql) != nil else { throw Abort(.notFound) }
        return try await handleForm(req, fields: fields, saved: saved, render: { try await render(req, id, $0, why: decision.reason) }) { try await save(id) }
    }

    static func addToAgenda(_ req: Request) async throws -> Response {
        let fields = try req.formFields()
        return try await coordinate(req, fields, saved: "Family added to the agenda") { id in
            try await addItem(id, fields, on: req.sql)
            return "/panels/\(id)#agenda"
        }
    }

    /// Puts a family on panel `id`'s agenda, as the form or the API sent it.
    @discardableResult
    static func addItem(_ id: Int64, _ fields: [String: String], on db: any SQLDatabase) async throws -> Int64 {
        var f = FieldReader(fields)
        let family = f.identifier("familyId", label: "Family")
        let source = f.choice("source", label: "Why", as: AgendaSource.self)
        let reason = f.text("reason", label: "Reason", max: 1000)
        let person = f.identifier("personId", label: "Child", required: false)
        let request = f.identifier("requestId", label: "Request", required: false)
        guard f.errors.isEmpty, let family, let source, let reason else { throw InvalidInput(errors: f.errors) }
        return try await PanelStore.addItem(panelId: id, familyId: family, personId: person, requestId: request, source: source, reason: reason, on: db)
    }

    static func attendance(_ req: Request) async throws -> Response {
        let fields = try GovernanceController.multiValueFields(req)
        return try await coordinate(req, fields, saved: "Attendance recorded") { id in
            let attended = Set((fields["attended"] ?? "").split(separator: ",").compactMap { Int64($0) })
            try await PanelStore.setAttendance(panelId: id, attended: attended, on: req.db)
            return "/panels/\(id)#members"
        }
    }

    static func decide(_ req: Request) async throws -> Response {
        let fields = try req.formFields()
        let itemId = try req.id("item")
        return try await coordinate(req, fields, saved: "Panel decision recorded") { id in
            guard let item = try await PanelStore.item(itemId, on: req.sql), item.panelId == id else { throw Abort(.notFound) }
            let input = try PanelDecisionInput.validate(fields, continuum: req.earlyHelp.continuum).orThrow()
            let plan = try await PanelStore.decide(itemId: itemId, input, by: try req.requireSignedIn(), now: req.now,
                                                   cadence: req.earlyHelp.planReviews, on: req.db)
            return plan.map { "/plans/\($0)" } ?? "/panels/\(id)#item-\(itemId)"
        }
    }

    static func addAction(_ req: Request) async throws -> Response {
        let fields = try req.formFields()
        let itemId = try req.id("item")
        return try await coordinate(req, fields, saved: "Action added") { id in
            guard let item = try await PanelStore.item(itemId, on: req.sql), item.panelId == id else { throw Abort(.notFound) }
            try await PanelStore.addAction(itemId: itemId, try PlanAction.validate(fields, today: req.today).orThrow(), on: req.sql)
            return "/panels/\(id)#item-\(itemId)"
        }
    }

    /// One agenda family, for the panel: the requests, level of need and review concerns that
    /// brought them. Members see it only while the family is on this panel's agenda.
    static func family(_ req: Request) async throws -> Response {
        let id = try req.id(), familyId = try req.id("family")
        let decision = try await req.authorize(.read, Resource(.panelAgenda, familyId: familyId, itemId: id), purpose: .multiAgencyPanel)
        guard let panel = try await PanelStore.find(id, on: req.sql),
              let item = try await PanelStore.items(id, on: req.sql).first(where: { $0.familyId == familyId }) else { throw Abort(.notFound) }
        return .html(PanelViews.agendaFamily(panel, item, requests: try await RequestStore.forFamily(familyId, on: req.sql),
                                             levels: try await RequestStore.levels(familyId: familyId, on: req.sql),
                                             continuum: req.earlyHelp.continuum, why: decision.reason,
                                             layout: req.layout(item.familyName, active: "early-help")))
    }
}
