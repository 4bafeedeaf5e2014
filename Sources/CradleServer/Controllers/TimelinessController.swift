import Vapor
import CradleCore

/// OHID timeliness and ASQ-3 outcome metrics by locality and team for a quarter and the three before it.
enum TimelinessController {
    static func page(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.aggregateReport), detail: "timeliness")
        let scope = try req.reportScope()
        let latest = Quarter(containing: req.today).previous
        // A quarter that cannot be read shows the latest one, with the problem beside the box.
        let typed = req.query[String.self, at: "quarter"]
        let asked = typed.flatMap { Quarter(code: $0) }
        let chosen = asked ?? latest
        var form = FormState(values: ["quarter": typed ?? chosen.description])
        if let typed, asked == nil {
            form.errors.add("quarter", "Quarter \"\(typed)\" is not a financial-year quarter: type it as the column headers show it, such as \(latest.description), or as \(latest.code)")
        }
        let (report, groups) = try await report(req, chosen, scope: scope)
        return .html(TimelinessView.render(report, groups: groups, form: form, scope: scope.reason, layout: req.layout("Timeliness", active: "reports")),
                     status: form.errors.isEmpty ? .ok : .badRequest)
    }

    /// Quarter `chosen` and the three before it, for the borough, each locality and each team
    /// (the groups, in the order the page shows them) within the reader's scope.
    static func report(_ req: Request, _ chosen: Quarter, scope: ReportScope) async throws -> (TimelinessReport, groups: [String]) {
        let quarters = [chosen.previous.previous.previous, chosen.previous.previous, chosen.previous, chosen]
        // Cohorts reach back 30 months before the first quarter (the 2½-year review).
        let children = try await ScheduleQueries.cohort(bornFrom: quarters[0].start.adding(months: -31), to: chosen.end, scope: scope, on: req.sql)
        let reviews = ScheduleQueries.byChild(try await ScheduleQueries.reviews(of: children.map(\.id), on: req.sql), cutoffs: .standard)
        let input = children.map { c -> ChildReviews in
            let r = reviews[c.id]
            return ChildReviews(born: (try? Day(c.dateOfBirth ?? "")) ?? req.today, done: r?.done ?? [:], twoYearUsedASQ3: r?.asq != nil, asq3: r?.asq)
        }
        // Each child counts in the borough, its locality and its team.
        let locality = { (name: String) in "Locality: \(name)" }
        let groups = ["All"] + Set(children.compactMap(\.locality)).sorted().map(locality) + Set(children.compactMap(\.team)).sorted()
        let report = TimelinessReport(children: input, groups: { i in
            ["All"] + [children[i].locality.map(locality), children[i].team].compactMap { $0 }
        }, quarters: quarters)
        return (report, groups)
    }
}
