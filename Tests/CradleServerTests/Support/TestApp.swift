import Foundation
import Testing
import Vapor
import VaporTesting
import SQLKit
@testable import CradleServer
import CradleCore

/// Which store the suite runs on. `CRADLE_TEST_DATABASE_URL` selects PostgreSQL; without it,
/// SQLite (a fresh file per test). CI runs the whole suite once on each.
enum TestStore {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["CRADLE_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
    static var name: String { postgresURL == nil ? "sqlite" : "postgresql" }
}

/// A fixed "today" so ages, windows and chronology are repeatable.
let testToday = Day(year: 2026, month: 11, day: 27)!

/// Runs `body` against a fresh, migrated Cradle holding a small demo borough.
func withCradle(children: Int = 40, settings adjust: (inout Settings) -> Void = { _ in },
                _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    app.logger.logLevel = .error
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cradle-test-\(UUID().uuidString)").path
    let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    let settings = Settings(databaseURL: TestStore.postgresURL, dataDirectory: dir, today: { testToday })
    var s = settings
    if TestStore.postgresURL != nil { s.postgresSchema = String(schema) }
    adjust(&s)
    do {
        try await configure(app, settings: s)
        if TestStore.postgresURL != nil {
            try await app.sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: String(schema))").run()
        }
        try await prepareStore(app)
        if children > 0 { _ = try await DemoLoader.load(app, seed: 42, children: children, progress: false, today: testToday) }
        try await body(app)
    } catch {
        try? await cleanUp(app, schema: String(schema), dir: dir)
        throw error
    }
    try await cleanUp(app, schema: String(schema), dir: dir)
}

private func cleanUp(_ app: Application, schema: String, dir: String) async throws {
    if TestStore.postgresURL != nil {
        try? await app.sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(atPath: dir)
}

/// A child whose family or record has an open involvement of one of the practitioner's teams:
/// someone they have a legitimate relationship with.
func relatedChild(_ app: Application, of username: String = "health.visitor") async throws -> Int64 {
    try await app.sql.raw("""
        SELECT MIN(p.id) AS id FROM people p
        JOIN involvements i ON (i.person_id = p.id OR i.family_id = p.family_id) AND i.end_date IS NULL
        JOIN services s ON s.id = i.service_id
        JOIN team_memberships tm ON tm.team_id = s.team_id
        JOIN practitioners pr ON pr.id = tm.practitioner_id
        WHERE pr.username = \(bind: username) AND p.kind = 'child' AND p.date_of_birth IS NOT NULL
        """).first(decodingColumn: "id", as: Int64.self)!
}

/// A service the practitioner's own team runs.
func ownService(_ app: Application, of username: String = "health.visitor") async throws -> Int64 {
    try await app.sql.raw("""
        SELECT MIN(s.id) AS id FROM services s JOIN practitioners p ON p.team_id = s.team_id WHERE p.username = \(bind: username)
        """).first(decodingColumn: "id", as: Int64.self)!
}

/// A child with no involvement of the practitioner's teams.
func unrelatedChild(_ app: Application, of username: String = "health.visitor") async throws -> Int64 {
    try await app.sql.raw("""
        SELECT MIN(p.id) AS id FROM people p WHERE p.kind = 'child' AND NOT EXISTS (
            SELECT 1 FROM involvements i JOIN services s ON s.id = i.service_id
            JOIN team_memberships tm ON tm.team_id = s.team_id JOIN practitioners pr ON pr.id = tm.practitioner_id
            WHERE (i.person_id = p.id OR i.family_id = p.family_id) AND pr.username = \(bind: username))
        """).first(decodingColumn: "id", as: Int64.self)!
}

extension Application {
    /// Sends a request in-process.
    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil) async throws -> TestingHTTPResponse {
        try await testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    func count(_ table: String) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decodingColumn: "n", as: Int.self) ?? 0
    }
}

extension TestingHTTPResponse {
    var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }
    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }
}

/// A signed-in browser: keeps the session cookie and the page's CSRF token.
struct Browser {
    let app: Application
    var cookie = ""
    var csrf = ""
    /// A real server on a loopback port: bodies arrive over TCP in parts, as from a browser.
    var socket: (any TestingApplicationTester)? = nil

    init(_ app: Application) { self.app = app }

    /// This browser's session, now sent over a real socket. (That client follows redirects
    /// without the cookie, so a caller judges a write by what was stored.)
    func overSocket() throws -> Browser {
        var b = self
        b.socket = try app.testing(method: .running(hostname: "127.0.0.1", port: Int.random(in: 20_000..<60_000)))
        return b
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: String? = nil) async throws -> TestingHTTPResponse {
        guard let socket else { return try await app.send(method, path, headers: headers, body: body) }
        return try await socket.sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// Signs in through the real form.
    static func signedIn(_ app: Application, as username: String = "health.visitor") async throws -> Browser {
        var b = Browser(app)
        _ = try await b.get("/sign-in")
        let res = try await b.post("/sign-in", ["username": username, "password": DemoLoader.demoPassword])
        #expect(res.status == .seeOther, "sign-in as \(username) failed: \(res.status)")
        _ = try await b.get("/search")
        return b
    }

    @discardableResult
    mutating func get(_ path: String) async throws -> TestingHTTPResponse {
        let res = try await send(.GET, path, headers: headers())
        remember(res)
        return res
    }

    @discardableResult
    mutating func post(_ path: String, _ fields: [String: String], csrf overrideToken: String? = nil) async throws -> TestingHTTPResponse {
        var all = fields
        all["_csrf"] = overrideToken ?? csrf
        let body = all.map { "\(formEncode($0.key))=\(formEncode($0.value))" }.joined(separator: "&")
        var h = headers()
        h.contentType = .urlEncodedForm
        let res = try await send(.POST, path, headers: h, body: body)
        remember(res)
        return res
    }

    func headers() -> HTTPHeaders { cookie.isEmpty ? [:] : ["Cookie": cookie] }

    mutating func remember(_ res: TestingHTTPResponse) {
        if let set = res.headers.setCookie?["cradle-session"] { cookie = "cradle-session=\(set.string)" }
        if let r = res.text.range(of: #"name="_csrf" value=""#) {
            let rest = res.text[r.upperBound...]
            if let end = rest.firstIndex(of: "\"") { csrf = String(rest[..<end]) }
        }
    }
}

func formEncode(_ s: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
}

/// A bearer token for the API, made through the API.
func apiToken(_ app: Application, as username: String = "health.visitor") async throws -> HTTPHeaders {
    var h = HTTPHeaders()
    h.contentType = .json
    let res = try await app.send(.POST, "/api/v1/tokens", headers: h,
                                 body: #"{"username":"\#(username)","password":"\#(DemoLoader.demoPassword)"}"#)
    #expect(res.status == .created)
    let token = try res.json()["token"] as? String ?? ""
    h.bearerAuthorization = BearerAuthorization(token: token)
    return h
}
