import Foundation
import CradleCore

/// How this Cradle instance runs, read from the environment so that one binary serves a
/// laptop (SQLite in a data directory) and production (PostgreSQL via `DATABASE_URL`).
public struct Settings: Sendable {
    /// `postgres://user:pass@host:port/db`; nil means the embedded SQLite file.
    public var databaseURL: String?
    /// Where the SQLite file and other local state live.
    public var dataDirectory: String
    /// Use an in-memory SQLite database.
    public var inMemory: Bool = false
    /// PostgreSQL schema to work in (tests give each run its own).
    public var postgresSchema: String? = nil
    /// Mark the session cookie Secure: set when Cradle is served over TLS.
    public var secureCookies: Bool
    /// OpenID Connect: trusted issuer, this service's audience, and the issuer's key set (JSON).
    public struct OIDC: Sendable { public var issuer: String; public var audience: String; public var jwksJSON: String
        public init(issuer: String, audience: String, jwksJSON: String) { self.issuer = issuer; self.audience = audience; self.jwksJSON = jwksJSON }
    }
    public var oidc: OIDC? = nil
    /// Record every access decision in the audit trail. Off only to measure its cost.
    public var auditEnabled: Bool = true
    /// The date Cradle treats as today; fixed in tests so that ages and windows are repeatable.
    public var today: @Sendable () -> Day

    public init(databaseURL: String? = nil, dataDirectory: String = "data", inMemory: Bool = false,
                secureCookies: Bool = false, today: @escaping @Sendable () -> Day = Settings.systemToday) {
        self.databaseURL = databaseURL
        self.dataDirectory = dataDirectory
        self.inMemory = inMemory
        self.secureCookies = secureCookies
        self.today = today
    }

    public static func fromEnvironment() -> Settings {
        let env = ProcessInfo.processInfo.environment
        var s = Settings(
            databaseURL: env["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            dataDirectory: env["CRADLE_DATA_DIR"] ?? "data",
            secureCookies: (env["CRADLE_SECURE_COOKIES"] ?? "") == "1"
        )
        s.auditEnabled = (env["CRADLE_AUDIT"] ?? "on") != "off"
        if let issuer = env["CRADLE_OIDC_ISSUER"], let audience = env["CRADLE_OIDC_AUDIENCE"], let file = env["CRADLE_OIDC_JWKS"],
           let json = try? String(contentsOfFile: file, encoding: .utf8) {
            s.oidc = OIDC(issuer: issuer, audience: audience, jwksJSON: json)
        }
        return s
    }

    @Sendable public static func systemToday() -> Day {
        Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    public var sqlitePath: String { dataDirectory + "/cradle.sqlite" }
}
