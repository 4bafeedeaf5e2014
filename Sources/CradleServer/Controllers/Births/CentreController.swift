import Vapor
import CradleCore

/// A children's centre's own page: its list of new births (consented families only), who is
/// registered, its activities, and a welcome card for each new family. Only its own staff.
enum CentreController {
    static func page(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.centreList, itemId: id))
        return .html(try await render(req, id, FormState()))
    }

    static func month(_ req: Request) -> Period {
        (try? req.query.get(String.self, at: "month")).flatMap(Period.init) ?? Period(containing: req.today)
    }

    static func render(_ req: Request, _ id: Int64, _ f: FormState, period: Period? = nil) async throws -> String {
        guard let centre = try await BirthListStore.centre(id: id, on: req.sql) else { throw Abort(.notFound) }
        let period = period ?? month(req)
        let list = try await BirthListStore.list(for: centre, period: period, today: req.today, on: req.sql)
        let registered = try await CentreStore.registered(id, among: list.entries.map(\.personId), on: req.sql)
        return CentreViews.page(centre, list: list, registered: registered, activities: try await CentreStore.activities(id, on: req.sql),
                                notices: try await BirthListStore.notices(centre: id, on: req.sql),
                                followUps: try await FollowUpStore.forCentre(id, on: req.sql), staff: try await FollowUpStore.staff(id, on: req.sql),
                                form: f, today: req.today, layout: req.layout(centre.name, active: "centre"))
    }

    static func register(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.centreList, itemId: id))
        let fields = try req.formFields()
        let me = try req.requireSignedIn()
        let period = fields["month"].flatMap(Period.init) ?? Period(containing: req.today)
        return try await handleForm(req, fields: fields, saved: "Family registered with the centre", render: { try await render(req, id, $0, period: period) }) {
            let input = try CentreRegistrationInput.validate(fields, today: req.today).orThrow()
            guard let centre = try await BirthListStore.centre(id: id, on: req.sql) else { throw Abort(.notFound) }
            let offered = try await BirthListStore.list(for: centre, period: period, today: req.today, on: req.sql).entries.map(\.personId)
            try await CentreStore.register(id, input, offered: Set(offered), by: me.actor.practitionerId, on: req.sql)
            return "/centres/\(id)?month=\(period)#list"
        }
    }

    static func addActivity(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.centreList, itemId: id))
        let fields = try GovernanceController.multiValueFields(req)
        return try await handleForm(req, fields: fields, saved: "Activity added", form: "activities", render: { try await render(req, id, $0) }) {
            try await CentreStore.addActivity(id, try CentreActivityInput.validate(fields).orThrow(), on: req.sql)
            return "/centres/\(id)#activities"
        }
    }

    /// How families reach the centre, kept by its own staff.
    static func saveDetails(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.centreList, itemId: id), detail: "centre details")
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Centre details saved", form: "details", render: { try await render(req, id, $0) }) {
            try await BirthListStore.saveDetails(id, try CentreDetails.validate(fields).orThrow(), on: req.sql)
            return "/centres/\(id)#details"
        }
    }

    /// A follow-up done: who did it and what came of it.
    static func closeFollowUp(_ req: Request) async throws -> Response {
        let id = try req.id()
        let followUp = try req.id("followup")
        try await req.authorize(.update, Resource(.centreList, itemId: id), detail: "follow-up \(followUp)")
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Follow-up closed", render: { try await render(req, id, $0) }) {
            try await FollowUpStore.close(followUp, centre: id, try FollowUpOutcomeInput.validate(fields).orThrow(), today: req.today, on: req.sql)
            return "/centres/\(id)#follow-ups"
        }
    }

    /// The centre says it erased its copies of a month's list after a withdrawal.
    static func noticeDone(_ req: Request) async throws -> Response {
        let id = try req.id()
        let notice = try req.id("notice")
        try await req.authorize(.update, Resource(.centreList, itemId: id), detail: "withdrawal notice \(notice) done")
        try await BirthListStore.noticeDone(notice, centre: id, on: req.sql)
        req.flash("Marked as erased")
        return .seeOther("/centres/\(id)")
    }

    /// A printable welcome for one family on the centre's list.
    static func welcome(_ req: Request) async throws -> Response {
        let id = try req.id()
        let person = try req.id("person")
        try await req.authorize(.read, Resource(.centreList, itemId: id), detail: "welcome card for \(person)")
        guard let centre = try await BirthListStore.centre(id: id, on: req.sql) else { throw Abort(.notFound) }
        let month = (try? req.query.get(String.self, at: "month")).flatMap(Period.init) ?? Period(containing: req.today)
        guard let entry = try await BirthListStore.list(for: centre, period: month, today: req.today, on: req.sql).entries.first(where: { $0.personId == person }) else {
            throw Abort(.notFound, reason: "This family is not on your centre's list for \(month)")
        }
        return .html(CentreViews.welcome(centre, entry, activities: try await CentreStore.activities(id, on: req.sql),
                                         layout: req.layout("Welcome to \(centre.name)", active: "centre")))
    }
}
