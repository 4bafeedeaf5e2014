import Vapor
import CradleCore

/// The local 0–5 offer: searchable by anyone without signing in; each service's entry kept by
/// its own team, each activity by its centre's staff.
enum OfferController {
    static func page(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage))
        let query = (try? req.query.decode([String: String].self)) ?? [:]
        let typed = (query["postcode"] ?? "").trimmingCharacters(in: .whitespaces)
        var search = OfferViews.Search(postcode: typed, age: query["age"].flatMap(ChildAge.init), need: query["need"].flatMap(OfferNeed.init),
                                       notice: nil, placed: false)
        var home: OfferHome?
        if !typed.isEmpty {
            switch Result(catching: { () throws(IdentifierError) in try Postcode(typed) }) {
            case .success(let postcode):
                search.postcode = postcode.normalised
                home = try await LocalOfferStore.home(postcode, on: req.sql)
                if home == nil { search.notice = "\(postcode.normalised) is not in the borough's postcode list, so everything is shown by name." }
            case .failure(let error):
                search.notice = "\"\(typed)\" is not a postcode (\(error)), so everything is shown by name."
            }
        }
        search.placed = home != nil
        let entries = LocalOffer.search(try await LocalOfferStore.entries(near: home, on: req.sql), age: search.age, need: search.need)
        return .html(OfferViews.page(search, entries: entries, keep: try await kept(req), layout: req.layout("Local offer for families", active: "offer")))
    }

    /// The services this practitioner's teams run, which the policy lets them keep.
    static func kept(_ req: Request) async throws -> [(id: Int64, name: String, written: Bool)] {
        guard !req.actor.teamIds.isEmpty else { return [] }
        return try await LocalOfferStore.services(ofTeams: req.actor.teamIds, on: req.sql).filter { s in
            var facts = AccessFacts(today: req.today)
            facts.serviceTeamId = s.teamId
            return req.application.policy.decide(req.actor, .update, Resource(.localOffer, itemId: s.id), purpose: .directCare, facts: facts).allowed
        }.map { ($0.id, $0.name, $0.written != 0) }
    }

    static func serviceForm(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.localOffer, itemId: id), detail: "local offer entry")
        guard let s = try await LocalOfferStore.service(id, on: req.sql) else { throw Abort(.notFound) }
        return .html(OfferViews.serviceForm(s, FormState(values: values(s)), layout: req.layout("Local offer: \(s.name)", active: "offer")))
    }

    static func saveService(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.localOffer, itemId: id), detail: "local offer entry")
        guard let s = try await LocalOfferStore.service(id, on: req.sql) else { throw Abort(.notFound) }
        let fields = try GovernanceController.multiValueFields(req)
        return try await handleForm(req, fields: fields, saved: "Entry saved: families see it on the local offer",
                                    render: { OfferViews.serviceForm(s, $0, layout: req.layout("Local offer: \(s.name)", active: "offer")) }) {
            try await LocalOfferStore.saveService(id, try ServiceOfferInput.validate(fields).orThrow(), on: req.sql)
            return "/offer"
        }
    }

    static func withdrawService(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.localOffer, itemId: id), detail: "local offer entry withdrawn")
        guard try await LocalOfferStore.service(id, on: req.sql) != nil else { throw Abort(.notFound) }
        try await LocalOfferStore.withdrawService(id, on: req.sql)
        req.flash("Taken off the local offer")
        return .seeOther("/offer")
    }

    static func values(_ s: LocalOfferStore.ServiceRow) -> [String: String] {
        guard !s.offerDescription.isEmpty else { return [:] }
        return OfferViews.values(s.details).merging(["description": s.offerDescription, "when": s.offerWhen ?? "", "place": s.offerPlace ?? ""]) { a, _ in a }
    }

    /// A centre's activity, changed or withdrawn by its own staff.
    static func activityForm(_ req: Request) async throws -> Response {
        let (centre, activity) = (try req.id(), try req.id("activity"))
        try await req.authorize(.read, Resource(.centreList, itemId: centre), detail: "activity \(activity)")
        guard let a = try await CentreStore.activity(activity, centre: centre, on: req.sql) else { throw Abort(.notFound) }
        return .html(OfferViews.activityForm(centre: centre, a, FormState(values: OfferViews.activityValues(a)), layout: req.layout(a.title, active: "centre")))
    }

    static func saveActivity(_ req: Request) async throws -> Response {
        let (centre, activity) = (try req.id(), try req.id("activity"))
        try await req.authorize(.update, Resource(.centreList, itemId: centre), detail: "activity \(activity)")
        guard let a = try await CentreStore.activity(activity, centre: centre, on: req.sql) else { throw Abort(.notFound) }
        let fields = try GovernanceController.multiValueFields(req)
        return try await handleForm(req, fields: fields, saved: "Activity saved",
                                    render: { OfferViews.activityForm(centre: centre, a, $0, layout: req.layout(a.title, active: "centre")) }) {
            guard try await CentreStore.updateActivity(activity, centre: centre, try CentreActivityInput.validate(fields).orThrow(), on: req.sql) else {
                throw Abort(.notFound)
            }
            return "/centres/\(centre)#activities"
        }
    }

    static func withdrawActivity(_ req: Request) async throws -> Response {
        let (centre, activity) = (try req.id(), try req.id("activity"))
        try await req.authorize(.update, Resource(.centreList, itemId: centre), detail: "activity \(activity) withdrawn")
        guard try await CentreStore.withdrawActivity(activity, centre: centre, on: req.sql) else { throw Abort(.notFound) }
        req.flash("Activity no longer listed")
        return .seeOther("/centres/\(centre)#activities")
    }
}
