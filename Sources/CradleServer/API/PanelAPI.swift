import Vapor
import SQLKit
import CradleCore

/// `/api/v1`: multi-agency panels. The front door arranges them, builds the agenda and records
/// decisions; members read the panel for the panel's purpose, as on its page.
enum PanelAPI {
    struct Panel: Encodable {
        var id: Int64, name: String, meetsAt: String, place: String
        var members: [PanelStore.MemberRow]
        var items: [PanelStore.ItemRow]
        var actions: [PanelStore.ActionRow]
    }

    /// The panels, newest first, a page at a time (the front door).
    static func list(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.frontDoor))
        let page = try APIPage.read(req)
        return try page.respond(try await PanelStore.all(page: page, on: req.sql), req)
    }

    static func create(_ req: Request) async throws -> Response {
        let fields = try req.jsonFields(as: .panel)
        try await req.authorize(.create, Resource(.frontDoor))
        let input = try PanelStore.PanelInput.validate(fields, now: req.now).orThrow()
        let id = try await PanelStore.create(input, by: try req.requireSignedIn(), on: req.db)
        return try created(id, at: "/api/v1/panels/\(id)")
    }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.panelAgenda, itemId: id), purpose: .multiAgencyPanel)
        return try json(try await panel(id, on: req.sql))
    }

    static func panel(_ id: Int64, on db: any SQLDatabase) async throws -> Panel {
        guard let p = try await PanelStore.find(id, on: db) else { throw Abort(.notFound, reason: "No panel \(id)") }
        return Panel(id: p.id, name: p.name, meetsAt: p.meetsAt, place: p.place, members: try await PanelStore.members(id, on: db),
                     items: try await PanelStore.items(id, on: db), actions: try await PanelStore.actions(id, on: db))
    }

    /// The front door's change to panel `id`, asked as an update for the panel's purpose.
    static func coordinate(_ req: Request) async throws -> Int64 {
        let id = try req.id()
        try await req.authorize(.update, Resource(.panelAgenda, itemId: id), purpose: .multiAgencyPanel)
        guard try await PanelStore.find(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No panel \(id)") }
        return id
    }

    static func addToAgenda(_ req: Request) async throws -> Response {
        let fields = try req.jsonFields(as: .agendaItem)
        let id = try await coordinate(req)
        let item = try await PanelController.addItem(id, fields, on: req.sql)
        return try created(item, at: "/api/v1/panels/\(id)")
    }

    /// Who attended, of the panel's members (the others did not).
    static func attendance(_ req: Request) async throws -> Response {
        let fields = try req.jsonFields(as: .attendance)
        let id = try await coordinate(req)
        let attended = Set((fields["attended"] ?? "").split(separator: ",").compactMap { Int64($0) })
        try await PanelStore.setAttendance(panelId: id, attended: attended, on: req.db)
        return try json(try await panel(id, on: req.sql))
    }

    /// The panel's decision on one family; a team around the family opens a plan (its id in
    /// the item's `planId`).
    static func decide(_ req: Request) async throws -> Response {
        let fields = try req.jsonFields(as: .panelDecision)
        let id = try await coordinate(req)
        let itemId = try req.id("item")
        guard let item = try await PanelStore.item(itemId, on: req.sql), item.panelId == id else { throw Abort(.notFound, reason: "No item \(itemId) on panel \(id)") }
        let input = try PanelDecisionInput.validate(fields, continuum: req.earlyHelp.continuum).orThrow()
        _ = try await PanelStore.decide(itemId: itemId, input, by: try req.requireSignedIn(), now: req.now, cadence: req.earlyHelp.planReviews, on: req.db)
        return try json(try await PanelStore.item(itemId, on: req.sql)!)
    }
}
