import Vapor
import CradleCore

enum SearchController {
    /// The record if the policy opens it to this reader; otherwise emergency access, or for an
    /// information governance lead the record's access log, if the policy allows that.
    static func offer(_ req: Request, _ id: Int64) async throws -> SearchView.Offer {
        if try await req.wouldAllow(.read, Resource(.servicesInvolved, personId: id)) { return .record }
        if req.may(.read, Resource(.breakGlass, personId: id)) { return .breakGlass }
        if req.may(.read, Resource(.auditTrail, personId: id)) { return .accessLog }
        return .nothing
    }

    static func search(_ req: Request) async throws -> Response {
        try await req.authorize(.search, Resource(.searchResult), detail: req.url.query)
        let fields = (try? req.query.decode([String: String].self)) ?? [:]
        let layout = req.layout("Find a child", active: "search")
        switch ChildSearch.criteria(from: fields) {
        case .failure(let errors):
            return .html(SearchView.render(FormState(values: fields, errors: errors), results: nil, layout: layout), status: .unprocessableEntity)
        case .success(nil):
            return .html(SearchView.render(FormState(values: fields), results: nil, layout: layout))
        case .success(let criteria?):
            try await req.throttleSearch()
            let rows = try await ChildSearch.run(criteria, for: req.actor, today: req.today, on: req.sql)
            var offered: [(row: SearchRow, offer: SearchView.Offer)] = []
            for r in rows { offered.append((r, try await offer(req, r.id))) }
            return .html(SearchView.render(FormState(values: fields), results: offered, layout: layout))
        }
    }
}
