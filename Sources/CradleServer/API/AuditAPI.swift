import Vapor
import CradleCore

/// `/api/v1`: the audit trail for the information-governance lead, filtered as on the audit
/// page and read newest first, a page at a time. Reading it is itself audited.
enum AuditAPI {
    static let filters: Set<String> = ["person", "user", "decision", "purpose", "from", "to", "before", "limit"]

    static func search(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.auditTrail), detail: req.url.query)
        let fields = Dictionary(try req.queryParameters(allowed: filters).map { ($0.name, $0.value) }) { _, b in b }
        let filter = try AuditFilter.read(fields).orThrow()
        var r = FieldReader(fields)
        let before = r.identifier("before", label: "before", required: false)
        let limit = r.integer("limit", label: "limit", range: 1...APIPage.maxLimit) ?? APIPage.defaultLimit
        if !r.errors.isEmpty { throw InvalidInput(errors: r.errors) }
        let (entries, more) = try await AuditSearch.page(filter, before: before, limit: limit, on: req.sql)
        let response = try json(entries)
        if more, let last = entries.last {
            var c = URLComponents(string: req.url.string) ?? URLComponents()
            c.queryItems = (c.queryItems ?? []).filter { $0.name != "before" } + [URLQueryItem(name: "before", value: String(last.seq))]
            response.headers.replaceOrAdd(name: .link, value: "<\(c.string ?? "")>; rel=\"next\"")
        }
        return response
    }
}
