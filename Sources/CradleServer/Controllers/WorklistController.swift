import Vapor
import CradleCore

/// Reviews due and overdue for the signed-in practitioner's teams, most overdue first.
enum WorklistController {
    struct Item {
        var child: ScheduleQueries.ChildRow
        var entry: ReviewSchedule.Entry
    }

    static func page(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.worklist))
        let me = try req.requireSignedIn()
        let mine = req.query[String.self, at: "mine"] == "1"
        let children = try await ScheduleQueries.caseload(teamIds: me.actor.teamIds, lead: mine ? me.actor.practitionerId : nil,
                                                          today: req.today, on: req.sql)
        let done = ScheduleQueries.byChild(try await ScheduleQueries.reviews(of: children.map(\.id), on: req.sql), cutoffs: .standard)
        let items = worklist(children, done: done.mapValues(\.done), today: req.today)
        return .html(WorklistView.render(items, mine: mine, mayRecord: req.application.policy.recordsReviews(req.actor), today: req.today, layout: req.layout("Reviews due", active: "worklist")))
    }

    /// Every outstanding review of every child, most urgent first (ties in child order).
    static func worklist(_ children: [ScheduleQueries.ChildRow], done: [Int64: [MandatedReview: Day]], today: Day) -> [Item] {
        let sorted = children.sorted { $0.id < $1.id }
        return ReviewSchedule.worklist(sorted.map { c in
            (c.dateOfBirth.flatMap { try? Day($0) }, c.expectedDeliveryDate.flatMap { try? Day($0) }, done[c.id] ?? [:])
        }, today: today).map { Item(child: sorted[$0.child], entry: $0.entry) }
    }
}
