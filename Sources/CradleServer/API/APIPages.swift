import Foundation
import Vapor
import SQLKit
import CradleCore

/// Cursor pagination for the API's lists, newest first: `limit` (1–200, default 100) and
/// `after`, the cursor the previous page's `Link: <…>; rel="next"` carried. The cursor is the
/// last row's date and id, so a page stays right while rows are added before it.
struct APIPage: Sendable {
    static let defaultLimit = 100, maxLimit = 200

    var limit: Int
    /// The last row of the previous page: its date and id.
    var after: (date: String, id: Int64)?

    /// Reads `limit` and `after` from the query; other names are the caller's (`filters`).
    static func read(_ req: Request, filters: Set<String> = []) throws -> APIPage {
        let items = try req.queryParameters(allowed: filters.union(["limit", "after"]))
        var problems = FieldErrors()
        for item in items where item.value.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.add(item.name, "\(item.name) is empty: give it a value or leave it out")
        }
        if !problems.isEmpty { throw InvalidInput(errors: problems) }
        var page = APIPage(limit: defaultLimit)
        if let text = items.first(where: { $0.name == "limit" })?.value {
            if let n = Int(text), (1...maxLimit).contains(n) { page.limit = n } else { problems.add("limit", "limit must be a whole number from 1 to \(maxLimit)") }
        }
        if let text = items.first(where: { $0.name == "after" })?.value {
            if let cursor = decode(text) { page.after = cursor } else { problems.add("after", "after must be the cursor a previous page's Link gave") }
        }
        if !problems.isEmpty { throw InvalidInput(errors: problems) }
        return page
    }

    /// The SQL that keeps rows after the cursor, for a list ordered by `date DESC, id DESC`.
    func condition(date: String, id: String) -> SQLQueryString {
        guard let after else { return "" }
        return " AND (\(unsafeRaw: date) < \(bind: after.date) OR (\(unsafeRaw: date) = \(bind: after.date) AND \(unsafeRaw: id) < \(bind: after.id)))"
    }

    /// For a list read newest first by id alone: the rows after the cursor, in that order, one
    /// more than the page shows. `filtered` says whether the query already has a WHERE.
    func byId(_ column: String, filtered: Bool) -> SQLQueryString {
        let cursor: SQLQueryString = after.map { " \(unsafeRaw: filtered ? "AND" : "WHERE") \(unsafeRaw: column) < \(bind: $0.id)" } ?? ""
        return cursor + " ORDER BY \(unsafeRaw: column) DESC" + sqlLimit
    }

    /// The page of a list read by `byId`, with the Link to the next.
    func respond<Row: Encodable & Identified>(_ rows: [Row], _ req: Request) throws -> Response {
        try respond(rows, key: { ("", $0.id) }, req)
    }

    /// One more row than the page shows, to know whether another page follows.
    var sqlLimit: SQLQueryString { " LIMIT \(unsafeRaw: String(limit + 1))" }

    static func encode(date: String, id: Int64) -> String {
        Data("\(date)|\(id)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> (date: String, id: Int64)? {
        var b64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        b64 += String(repeating: "=", count: (4 - b64.count % 4) % 4)
        guard cursor.count <= 64, let data = Data(base64Encoded: b64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].isEmpty || (try? Day(String(parts[0]))) != nil, let id = Int64(parts[1]), id > 0 else { return nil }
        return (String(parts[0]), id)
    }

    /// The page's rows as JSON, with a `Link` to the next page when the query read one more
    /// row than the page holds. `shown` leaves out rows the reader may not see; the cursor
    /// still moves past them.
    func respond<Row: Encodable>(_ rows: [Row], key: (Row) -> (date: String, id: Int64), shown: (Row) -> Bool = { _ in true },
                                 _ req: Request) throws -> Response {
        let page = Array(rows.prefix(limit))
        let response = try json(page.filter(shown))
        if rows.count > limit, let last = page.last {
            let k = key(last)
            var components = URLComponents(string: req.url.string) ?? URLComponents()
            components.queryItems = (components.queryItems ?? []).filter { $0.name != "after" && $0.name != "limit" }
                + [URLQueryItem(name: "limit", value: String(limit)), URLQueryItem(name: "after", value: Self.encode(date: k.date, id: k.id))]
            response.headers.replaceOrAdd(name: .link, value: "<\(components.string ?? "")>; rel=\"next\"")
        }
        return response
    }
}

/// A row with an id, for lists paged by it.
protocol Identified { var id: Int64 { get } }
extension MergeStore.MergeRow: Identified {}
extension GovernanceStore.BreakGlassRow: Identified {}
extension PanelStore.PanelRow: Identified {}
extension RequestStore.AdviceRow: Identified {}
