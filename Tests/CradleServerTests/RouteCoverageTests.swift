import Testing
import Vapor
import VaporTesting
import NIOConcurrencyHelpers
import SQLKit
@testable import CradleServer
import CradleCore

/// Every route must ask the access policy; this test calls each one and counts decisions.
struct RouteCoverageTests {
    func samplePath(_ route: Route, _ app: Application) async throws -> String {
        let parts = route.path.map { $0.description }
        var out: [String] = []
        for (i, p) in parts.enumerated() {
            guard p.hasPrefix(":") else { out.append(p); continue }
            // `:id` names the table before it; other parameters name their own.
            let key = p == ":id" ? parts[i - 1] : p
            let tables: [String: String] = ["people": "people", "families": "families", "involvements": "involvements", "contacts": "contacts",
                         "notes": "notes", "agreements": "agreements", "break-glass": "break_glass", "users": "practitioners", "tokens": "api_tokens",
                         "accounts": "practitioners", "reviews": "contacts", "requests": "support_requests", "panels": "panels", "plans": "plans",
                         ":family": "families", ":item": "panel_items", ":action": "plan_actions", ":offer": "programme_offers",
                         "sources": "source_systems", "imports": "imports", "review": "link_reviews", "link-reviews": "link_reviews", "merges": "person_merges",
                         "centres": "organisations", ":person": "people", "Patient": "people", ":notice": "withdrawal_notices", ":followup": "follow_ups",
                         "services": "services", ":activity": "centre_activities", "family-requests": "family_requests",
                         ":account": "family_accounts", "files": "maturity_scores"]
            guard let table = tables[key] else {
                // A parameter that is not a record (a section name) is sent as written.
                if p == ":id" { Issue.record("no sample table for \(key) in \(route.path)") }
                out.append(p); continue
            }
            let id = try await app.sql.raw("SELECT COALESCE(MIN(id), 1) AS id FROM \(ident: table)").first(decodingColumn: "id", as: Int64.self)!
            out.append(String(id))
        }
        return "/" + out.joined(separator: "/")
    }

    @Test func everyRouteConsultsTheAccessPolicy() async throws {
        try await withCradle(children: 60) { app in
            let decisions = NIOLockedValueBox(0)
            app.storage[AccessObserverKey.self] = { _ in decisions.withLockedValue { $0 += 1 } }
            var browser = try await Browser.signedIn(app)
            let token = try await apiToken(app)
            // Signing in and out change the session (and its CSRF token): they go last.
            let last = ["sign-in", "sign-out"]
            let routes = app.routes.all.sorted {
                (last.firstIndex(of: $0.path.description) ?? -1, $0.path.description) < (last.firstIndex(of: $1.path.description) ?? -1, $1.path.description)
            }
            #expect(routes.count > 40)
            for route in routes {
                let path = try await samplePath(route, app)
                for signedIn in [false, true] {
                    // A route before this one may have ended the session (a password change does): sign in again.
                    if signedIn, browser.cookie.hasSuffix("=") { browser = try await Browser.signedIn(app) }
                    decisions.withLockedValue { $0 = 0 }
                    let status: HTTPStatus
                    let api = path.hasPrefix("/api/") || path.hasPrefix("/fhir/")
                    if api {
                        status = try await app.send(route.method, path, headers: signedIn ? token : ["Content-Type": "application/json"], body: "{}").status
                    } else if route.method == .GET {
                        status = signedIn ? try await browser.get(path).status : try await app.send(.GET, path).status
                    } else {
                        status = signedIn ? try await browser.post(path, [:]).status
                            : try await app.send(route.method, path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: "").status
                    }
                    let asked = decisions.withLockedValue { $0 }
                    let csrfRefusal = !signedIn && !api && route.method != .GET && status == .forbidden
                    #expect(asked > 0 || csrfRefusal, "\(route.method) \(path) (signed in: \(signedIn)) answered \(status) without asking the policy")
                    #expect(status != .internalServerError, "\(route.method) \(path) failed")
                }
            }
        }
    }

    @Test func aRouteThatSkipsThePolicyFailsClosed() async throws {
        try await withCradle(children: 0) { app in
            app.get("leaky") { _ in "secret" }
            let res = try await app.send(.GET, "/leaky")
            #expect(res.status == .internalServerError)
            #expect(!res.text.contains("secret"))
        }
    }
}

struct OpenAPITests {
    @Test func documentNamesExactlyTheAPIRoutes() async throws {
        try await withCradle(children: 0) { app in
            let res = try await app.send(.GET, "/api/v1/openapi.json")
            #expect(res.status == .ok)
            let doc = try res.json()
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = doc["paths"] as? [String: [String: Any]] ?? [:]
            var documented: Set<String> = []
            var operationIds: [String] = []
            for (path, ops) in paths {
                for (method, op) in ops {
                    documented.insert("\(method.uppercased()) /api/v1\(path)")
                    let o = op as? [String: Any] ?? [:]
                    operationIds.append(o["operationId"] as? String ?? "")
                    #expect(!(o["description"] as? String ?? "").isEmpty, "\(method) \(path) is described")
                }
            }
            #expect(!operationIds.contains("") && Set(operationIds).count == operationIds.count, "every operation has its own operationId")
            var served: Set<String> = []
            for r in app.routes.all where r.path.first?.description == "api" {
                let path = "/" + r.path.map { $0.description.hasPrefix(":") ? "{\($0.description.dropFirst())}" : $0.description }.joined(separator: "/")
                served.insert("\(r.method.rawValue) \(path)")
            }
            #expect(!served.isEmpty)
            #expect(served.subtracting(documented).isEmpty, "routes missing from the document: \(served.subtracting(documented))")
            #expect(documented.subtracting(served).isEmpty, "documented routes that do not exist: \(documented.subtracting(served))")
        }
    }
}
