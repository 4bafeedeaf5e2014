import Vapor
import CradleCore

/// `/api/v1`: the audit trail for the information-governance lead, filtered as on the audit
/// page and read newest first, a page at a time. Reading it is itself audited.
enum AuditAPI {
    static let filters: Set<String> = ["person", "user", "decision", "purpose", "from", "to", "before", "limit"]

    static func search(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.auditTrail), detail: req.url.query)
        return try await page(req, Dictionary(try req.queryParameters(allowed: filters).map { ($0.name, $0.value) }) { _, b in b })
    }

    /// Who read or changed one person's record (the IG lead, and those the policy lets see a
    /// record's access), with the same filters but the person.
    static func personAccess(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.auditTrail, personId: id))
        guard try await PersonStore.person(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No person \(id)") }
        var fields = Dictionary(try req.queryParameters(allowed: filters.subtracting(["person"])).map { ($0.name, $0.value) }) { _, b in b }
        fields["person"] = String(id)
        return try await page(req, fields)
    }

    static func page(_ req: Request, _ fields: [String: String]) async throws -> Response {
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
