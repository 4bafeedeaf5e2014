import Vapor
import SQLKit
import AsyncHTTPClient
import NIOHTTP1

/// Children and search terms to request, drawn from the loaded store.
struct BenchSample {
    var childIDs: [Int64]
    var searchQueries: [String]

    static func load(_ db: any SQLDatabase) async throws -> BenchSample {
        struct Row: Decodable { var id: Int64; var nhsNumber: String?; var familyName: String; var dateOfBirth: String? }
        // Every 97th child: spread across the whole borough, not just its first families. The
        // record page is read by the bench's health visitor, so only children of their locality.
        let rows = try await db.raw("""
            SELECT id, nhs_number, family_name, date_of_birth FROM people WHERE kind = 'child' AND id % 97 = 0
            """).all(decoding: Row.self, with: rowDecoder)
        let related = try await db.raw("""
            SELECT p.id FROM people p
            JOIN involvements i ON i.family_id = p.family_id AND i.end_date IS NULL
            JOIN services s ON s.id = i.service_id
            JOIN practitioners pr ON pr.team_id = s.team_id AND pr.username = 'health.visitor'
            WHERE p.kind = 'child' AND p.id % 23 = 0
            """).all(decodingColumn: "id", as: Int64.self)
        let postcodes = try await db.raw("SELECT postcode FROM postcodes WHERE small_area_id % 3 = 0").all(decodingColumn: "postcode", as: String.self)
        var queries: [String] = []
        for (i, r) in rows.enumerated() {
            switch i % 3 {
            case 0: if let n = r.nhsNumber { queries.append("nhsNumber=\(n)") }
            case 1: if let d = r.dateOfBirth { queries.append("familyName=\(r.familyName)&dateOfBirth=\(d)") }
            default: queries.append("postcode=\(postcodes[i % postcodes.count].replacingOccurrences(of: " ", with: "+"))")
            }
        }
        return BenchSample(childIDs: related.shuffled(), searchQueries: queries.shuffled())
    }
}

/// Signs bench clients in through the real sign-in form.
enum BenchSessions {
    static func signIn(count: Int, base: String, client: HTTPClient) async throws -> [HTTPHeaders] {
        var out: [HTTPHeaders] = []
        for _ in 0..<count {
            let page = try await client.execute(HTTPClientRequest(url: "\(base)/sign-in"), timeout: .seconds(30))
            let cookie = page.headers["Set-Cookie"].first?.split(separator: ";").first.map(String.init) ?? ""
            let html = String(buffer: try await page.body.collect(upTo: 1 << 20))
            guard let r = html.range(of: #"name="_csrf" value=""#), let end = html[r.upperBound...].firstIndex(of: "\"") else {
                throw Abort(.internalServerError, reason: "sign-in page has no CSRF token")
            }
            var post = HTTPClientRequest(url: "\(base)/sign-in")
            post.method = .POST
            post.headers = ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"]
            post.body = .bytes(ByteBuffer(string: "_csrf=\(html[r.upperBound..<end])&username=health.visitor&password=\(DemoLoader.demoPassword)"))
            let signed = try await client.execute(post, timeout: .seconds(30))
            guard signed.status == .seeOther, let session = signed.headers["Set-Cookie"].first?.split(separator: ";").first else {
                throw Abort(.internalServerError, reason: "bench sign-in failed: \(signed.status)")
            }
            out.append(["Cookie": String(session)])
        }
        return out
    }

    static func token(base: String, client: HTTPClient, as username: String = "health.visitor") async throws -> String {
        var post = HTTPClientRequest(url: "\(base)/api/v1/tokens")
        post.method = .POST
        post.headers = ["Content-Type": "application/json"]
        post.body = .bytes(ByteBuffer(string: #"{"username":"\#(username)","password":"\#(DemoLoader.demoPassword)"}"#))
        let res = try await client.execute(post, timeout: .seconds(30))
        struct Token: Decodable { var token: String }
        return try JSONDecoder().decode(Token.self, from: try await res.body.collect(upTo: 1 << 16)).token
    }
}

/// `cradle serve` in its own process, so its memory and CPU are its own.
final class ServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int

    init(process: Process, port: Int) { self.process = process; self.port = port }

    static func start(port: Int, settings: Settings, audit: Bool) throws -> ServerProcess {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = ["serve", "--hostname", "127.0.0.1", "--port", String(port)]
        var env = ProcessInfo.processInfo.environment
        env["CRADLE_DATA_DIR"] = settings.dataDirectory
        env["LOG_LEVEL"] = "warning"
        env["CRADLE_AUDIT"] = audit ? "on" : "off"
        // The load generator is one token standing in for many practitioners searching at once.
        env["CRADLE_SEARCH_LIMIT"] = "1000000000"
        if let url = settings.databaseURL { env["DATABASE_URL"] = url }
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return ServerProcess(process: p, port: port)
    }

    func waitUntilReady(base: String, client: HTTPClient) async throws {
        for _ in 0..<600 {
            if let r = try? await client.execute(HTTPClientRequest(url: "\(base)/health"), timeout: .seconds(2)), r.status == .ok { return }
            guard process.isRunning else { throw Abort(.internalServerError, reason: "cradle serve exited") }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw Abort(.internalServerError, reason: "cradle serve did not become ready")
    }

    /// VmHWM: the most memory the server process has held resident.
    func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
        return kb / 1024
    }

    /// CPU seconds the server has used (user and system), from /proc/PID/stat. On a shared
    /// machine throughput swings with the neighbours; CPU per request moves much less.
    func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return .nan }
        // Fields after the command name: state is field 3, utime 14 and stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func stop() {
        if process.isRunning { process.terminate(); process.waitUntilExit() }
    }
}
