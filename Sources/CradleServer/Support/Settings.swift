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
    /// How long a request waits for a database connection before it is answered 503 with
    /// Retry-After (on SQLite, writers queue for the one write lock).
    public var connectionWait: Int64 = 30
    /// PostgreSQL schema to work in (tests give each run its own).
    public var postgresSchema: String? = nil
    /// Mark the session cookie Secure: set when Cradle is served over TLS.
    public var secureCookies: Bool
    /// OpenID Connect: trusted issuer, this service's audience, and the issuer's key set (JSON).
    public struct OIDC: Sendable { public var issuer: String; public var audience: String; public var jwksJSON: String
        public init(issuer: String, audience: String, jwksJSON: String) { self.issuer = issuer; self.audience = audience; self.jwksJSON = jwksJSON }
    }
    public var oidc: OIDC? = nil
    /// Families signing in through an OpenID Connect provider, as NHS login is (`CRADLE_FAMILY_OIDC_*`).
    public struct FamilyOIDC: Sendable {
        /// What the sign-in page calls it ("NHS login").
        public var name: String
        public var issuer: String
        public var clientId: String
        public var authorizeURL: String
        public var tokenURL: String
        /// The provider's JSON Web Key Set, which signs its ID tokens.
        public var jwksJSON: String
        /// Cradle's private key (PEM, RSA or P-256) that signs its client assertion (`private_key_jwt`).
        public var clientKeyPEM: String
        public init(name: String, issuer: String, clientId: String, authorizeURL: String, tokenURL: String, jwksJSON: String, clientKeyPEM: String) {
            self.name = name; self.issuer = issuer; self.clientId = clientId; self.authorizeURL = authorizeURL
            self.tokenURL = tokenURL; self.jwksJSON = jwksJSON; self.clientKeyPEM = clientKeyPEM
        }
    }
    public var familyOIDC: FamilyOIDC? = nil
    /// Whether families may sign in with a mailed link (`CRADLE_FAMILY_EMAIL_LINKS=off` leaves
    /// only the OpenID Connect provider).
    public var familyEmailLinks = true
    /// Limits on the public help form and on search.
    public var rateLimits = RateLimitSettings()
    /// The audit chain's MAC key (`CRADLE_AUDIT_KEY`, base64 or hex); nil keeps it in the data
    /// directory, made on first use.
    public var auditKey: String? = nil
    /// Record every access decision in the audit trail. Off only to measure its cost.
    public var auditEnabled: Bool = true
    /// The date Cradle treats as today; fixed in tests so that ages and windows are repeatable.
    public var today: @Sendable () -> Day
    /// The local wall-clock time the front door's 48-hour clock reads; injected in tests.
    public var now: @Sendable () -> LocalTime = Settings.systemNow
    /// The local continuum of need, the triage clock's calendar and the plan review cadence:
    /// Cradle's defaults, or `early-help.json` in the data directory.
    public var earlyHelp = EarlyHelpSettings()
    /// The person index's thresholds (match weight in bits): a record links alone at or above
    /// `autoLink`, is proposed for review from `reviewFrom`, and starts a new person below.
    /// `CRADLE_LINK_AUTO` and `CRADLE_LINK_REVIEW` set them.
    public var linker = Linker()
    /// How long an import's claim holds without renewal, in milliseconds: a server that dies
    /// mid-import holds it this long before another resumes it (`CRADLE_IMPORT_LEASE_SECONDS`).
    public var importLease: Int64 = 60_000
    /// How long a stopping server waits for requests in flight (`CRADLE_SHUTDOWN_SECONDS`).
    public var shutdownSeconds: Int64 = 120
    /// Where mail to families is written for the council's relay (`CRADLE_MAIL_DIR`; the data
    /// directory's `outbox` when unset), and whom it is from (`CRADLE_MAIL_FROM`).
    public var mailDirectory: String? = nil
    public var mailFrom = "Fernmoor Council <no-reply@fernmoor.example>"
    /// The address families reach Cradle at, for the links mailed to them (`CRADLE_PUBLIC_URL`);
    /// never taken from a request's Host header, which a sender controls.
    public var publicURL = "http://localhost:8080"
    /// Whether a family sees the names of the practitioners who looked at their record, as well
    /// as their organisation and profession (`CRADLE_FAMILY_SEES_NAMES=1`).
    public var familySeesNames = false

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
        s.auditKey = env["CRADLE_AUDIT_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if let perMinute = env["CRADLE_SEARCH_LIMIT"].flatMap(Int.init), perMinute > 0 {
            s.rateLimits.searchPerUser = RateLimit(limit: perMinute, window: 60)
        }
        do { s.linker = try linkerThresholds(auto: env["CRADLE_LINK_AUTO"], review: env["CRADLE_LINK_REVIEW"]) }
        catch { fatalError(error.reason) }
        if let seconds = env["CRADLE_SHUTDOWN_SECONDS"].flatMap(Int64.init), seconds > 0 { s.shutdownSeconds = seconds }
        if let seconds = env["CRADLE_IMPORT_LEASE_SECONDS"].flatMap(Double.init), seconds > 0 { s.importLease = Int64(seconds * 1000) }
        s.mailDirectory = env["CRADLE_MAIL_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        if let from = env["CRADLE_MAIL_FROM"], !from.isEmpty { s.mailFrom = from }
        if let url = env["CRADLE_PUBLIC_URL"], !url.isEmpty { s.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url }
        s.familySeesNames = env["CRADLE_FAMILY_SEES_NAMES"] == "1"
        s.familyEmailLinks = env["CRADLE_FAMILY_EMAIL_LINKS"] != "off"
        if let issuer = env["CRADLE_FAMILY_OIDC_ISSUER"], let client = env["CRADLE_FAMILY_OIDC_CLIENT_ID"],
           let authorize = env["CRADLE_FAMILY_OIDC_AUTHORIZE_URL"], let token = env["CRADLE_FAMILY_OIDC_TOKEN_URL"] {
            guard let jwks = env["CRADLE_FAMILY_OIDC_JWKS"].flatMap({ try? String(contentsOfFile: $0, encoding: .utf8) }),
                  let key = env["CRADLE_FAMILY_OIDC_CLIENT_KEY"].flatMap({ try? String(contentsOfFile: $0, encoding: .utf8) }) else {
                fatalError("CRADLE_FAMILY_OIDC_JWKS and CRADLE_FAMILY_OIDC_CLIENT_KEY must name readable files (the provider's key set, Cradle's private key)")
            }
            s.familyOIDC = FamilyOIDC(name: env["CRADLE_FAMILY_OIDC_NAME"] ?? "NHS login", issuer: issuer, clientId: client,
                                      authorizeURL: authorize, tokenURL: token, jwksJSON: jwks, clientKeyPEM: key)
        }
        // A PostgreSQL schema other than public (the tests run each case in its own).
        s.postgresSchema = env["CRADLE_POSTGRES_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 }
        do { s.earlyHelp = try EarlyHelpSettings.load(from: s.dataDirectory + "/early-help.json") }
        catch { fatalError(error.description) }
        if let issuer = env["CRADLE_OIDC_ISSUER"], let audience = env["CRADLE_OIDC_AUDIENCE"], let file = env["CRADLE_OIDC_JWKS"],
           let json = try? String(contentsOfFile: file, encoding: .utf8) {
            s.oidc = OIDC(issuer: issuer, audience: audience, jwksJSON: json)
        }
        return s
    }

    /// The linker with the configured thresholds; a bad pair stops the server with the reason.
    static func linkerThresholds(auto: String?, review: String?) throws(SettingsError) -> Linker {
        var linker = Linker()
        func number(_ raw: String?, _ name: String) throws(SettingsError) -> Double? {
            guard let raw, !raw.isEmpty else { return nil }
            guard let v = Double(raw), v.isFinite else { throw SettingsError(reason: "\(name) must be a number of bits, like 12; it is \"\(raw)\"") }
            return v
        }
        if let a = try number(auto, "CRADLE_LINK_AUTO") { linker.autoLink = a }
        if let r = try number(review, "CRADLE_LINK_REVIEW") { linker.reviewFrom = r }
        guard linker.reviewFrom <= linker.autoLink else {
            throw SettingsError(reason: "CRADLE_LINK_REVIEW (\(linker.reviewFrom)) must not be above CRADLE_LINK_AUTO (\(linker.autoLink))")
        }
        return linker
    }

    /// The time on a clock in England: the local authority's working day.
    @Sendable public static func systemNow() -> LocalTime {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date())
        let day = Day(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? systemToday()
        return LocalTime(day: day, hour: c.hour ?? 0, minute: c.minute ?? 0)
    }

    @Sendable public static func systemToday() -> Day {
        Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    public var sqlitePath: String { dataDirectory + "/cradle.sqlite" }
    var mailDrop: MailDrop { MailDrop(directory: mailDirectory ?? dataDirectory + "/outbox", from: mailFrom) }
}

/// What a local authority configures about its front door. Every field is optional in the
/// file; what it leaves out keeps Cradle's default.
public struct EarlyHelpSettings: Codable, Sendable, Equatable {
    public var continuum: NeedContinuum = .essex
    public var triage = TriageCalendar()
    public var planReviews = ReviewCadence()
    /// The authority's children's services number for a child at risk, on the public help form
    /// (the demo's is fictional, from Ofcom's drama range).
    public var childrenServicesPhone = "0113 496 0500"
    /// Who the public help form names as holding what families send (the data controller).
    public var authorityName = "Fernmoor Council"

    public init(continuum: NeedContinuum = .essex, triage: TriageCalendar = TriageCalendar(), planReviews: ReviewCadence = ReviewCadence()) {
        self.continuum = continuum; self.triage = triage; self.planReviews = planReviews
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        continuum = try c.decodeIfPresent(NeedContinuum.self, forKey: .continuum) ?? .essex
        triage = try c.decodeIfPresent(TriageCalendar.self, forKey: .triage) ?? TriageCalendar()
        planReviews = try c.decodeIfPresent(ReviewCadence.self, forKey: .planReviews) ?? ReviewCadence()
        childrenServicesPhone = try c.decodeIfPresent(String.self, forKey: .childrenServicesPhone) ?? childrenServicesPhone
        authorityName = try c.decodeIfPresent(String.self, forKey: .authorityName) ?? authorityName
    }

    /// Reads the file if there is one. A file that does not parse, or names an inconsistent
    /// continuum, is refused with the reason rather than run on guessed rules.
    public static func load(from path: String) throws(SettingsError) -> EarlyHelpSettings {
        guard let data = FileManager.default.contents(atPath: path) else { return EarlyHelpSettings() }
        let s: EarlyHelpSettings
        do { s = try JSONDecoder().decode(EarlyHelpSettings.self, from: data) }
        catch { throw SettingsError(reason: "\(path) is not valid early help settings: \(error)") }
        let problems = s.continuum.validate()
        guard problems.isEmpty else { throw SettingsError(reason: "\(path): " + problems.joined(separator: "; ")) }
        return s
    }
}

public struct SettingsError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
