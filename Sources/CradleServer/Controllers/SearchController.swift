import Vapor
import CradleCore

enum SearchController {
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
            return .html(SearchView.render(FormState(values: fields), results: rows, layout: layout))
        }
    }
}
