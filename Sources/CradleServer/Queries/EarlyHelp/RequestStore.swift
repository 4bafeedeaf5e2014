import Vapor
import SQLKit
import Fluent
import CradleCore

/// Requests for support to the front door, their triage, levels of need with history, and
/// the advice line.
enum RequestStore {
    struct RequestRow: Codable, Sendable {
        var id: Int64
        var source: String
        var personId: Int64?
        var familyId: Int64?
        var referrerId: Int64?
        var referrerName: String?
        var referrerOrganisation: String?
        var childName: String?
        var childDateOfBirth: String?
        var linkedName: String?
        var parentName: String?
        var contact: String?
        var postcode: String?
        var concerns: String
        var details: String
        var suggestedLevel: Int?
        var receivedAt: String
        var status: String
        var triagedAt: String?
        var triagedByName: String?
        var outcome: String?
        var level: Int?
        var rationale: String?
        var serviceName: String?
        var signpostTo: String?
        var version: Int

        var received: LocalTime { LocalTime(receivedAt) ?? LocalTime(day: Day(ordinal: 0), minute: 0) }
        var triaged: LocalTime? { triagedAt.flatMap(LocalTime.init) }
        var concernList: [SupportConcern] { concerns.split(separator: ",").compactMap { SupportConcern(rawValue: String($0)) } }
        var requestStatus: RequestStatus { RequestStatus(rawValue: status) ?? .closed }
        var childLabel: String { linkedName ?? childName ?? "Child not named" }
    }

    static let columns: SQLQueryString = """
        SELECT r.id, r.source, r.person_id, r.family_id, r.referrer_id, rp.display_name AS referrer_name,
               ro.name AS referrer_organisation, r.child_name, r.child_date_of_birth,
               CASE WHEN p.id IS NULL THEN NULL ELSE p.given_name || ' ' || p.family_name END AS linked_name,
               r.parent_name, r.contact, r.postcode, r.concerns, r.details, r.suggested_level, r.received_at, r.status,
               r.triaged_at, tp.display_name AS triaged_by_name, r.outcome, r.level, r.rationale, s.name AS service_name,
               r.signpost_to, r.version
        FROM support_requests r
        LEFT JOIN practitioners rp ON rp.id = r.referrer_id
        LEFT JOIN organisations ro ON ro.id = rp.organisation_id
        LEFT JOIN practitioners tp ON tp.id = r.triaged_by
        LEFT JOIN people p ON p.id = r.person_id
        LEFT JOIN services s ON s.id = r.service_id
        """

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> RequestRow? {
        try await db.raw(columns + " WHERE r.id = \(bind: id)").first(decoding: RequestRow.self, with: rowDecoder)
    }

    /// Requests awaiting triage, oldest (most urgent) first.
    static func queue(on db: any SQLDatabase) async throws -> [RequestRow] {
        try await db.raw(columns + " WHERE r.status = \(bind: RequestStatus.awaitingTriage.rawValue) ORDER BY r.received_at, r.id")
            .all(decoding: RequestRow.self, with: rowDecoder)
    }

    static func recentlyTriaged(limit: Int = 20, on db: any SQLDatabase) async throws -> [RequestRow] {
        try await db.raw(columns + " WHERE r.triaged_at IS NOT NULL ORDER BY r.triaged_at DESC, r.id DESC LIMIT \(unsafeRaw: String(limit))")
            .all(decoding: RequestRow.self, with: rowDecoder)
    }

    static func forFamily(_ familyId: Int64, on db: any SQLDatabase) async throws -> [RequestRow] {
        try await db.raw(columns + " WHERE r.family_id = \(bind: familyId) ORDER BY r.received_at DESC")
            .all(decoding: RequestRow.self, with: rowDecoder)
    }

    /// Requests a practitioner made that are still open.
    static func madeBy(_ practitionerId: Int64, on db: any SQLDatabase) async throws -> [RequestRow] {
        try await db.raw(columns + " WHERE r.referrer_id = \(bind: practitionerId) AND r.status <> 'closed' ORDER BY r.received_at DESC")
            .all(decoding: RequestRow.self, with: rowDecoder)
    }

    /// The family a child belongs to; a child with none gets a family of their own, because
    /// early help works with families.
    static func familyOf(personId: Int64, today: Day, on db: any SQLDatabase) async throws -> Int64 {
        guard let person = try await PersonStore.person(personId, on: db) else {
            throw InvalidInput("personId", "Record \(personId) does not exist")
        }
        if let f = person.familyId { return f }
        let family = try await PersonStore.createFamily(FamilyInput(name: "\(person.familyName) family"), today: today, on: db)
        try await db.raw("UPDATE people SET family_id = \(bind: family) WHERE id = \(bind: personId)").run()
        return family
    }

    static func create(_ input: SupportRequestInput, referrer: Int64?, now: LocalTime, on db: any SQLDatabase) async throws -> Int64 {
        var familyId: Int64? = nil
        if let person = input.personId { familyId = try await familyOf(personId: person, today: now.day, on: db) }
        return try await db.insert(into: "support_requests")
            .columns("source", "person_id", "family_id", "referrer_id", "child_name", "child_date_of_birth", "parent_name", "contact",
                     "postcode", "concerns", "details", "consent", "suggested_level", "received_at", "status", "version")
            .values(SQLBind(input.source.rawValue), SQLBind(input.personId), SQLBind(familyId), SQLBind(referrer), SQLBind(input.childName),
                    SQLBind(input.childDateOfBirth?.iso), SQLBind(input.parentName), SQLBind(input.contact), SQLBind(input.postcode?.normalised),
                    SQLBind(input.concerns.map(\.rawValue).joined(separator: ",")), SQLBind(input.details), SQLBind(input.consent),
                    SQLBind(input.suggestedLevel), SQLBind(now.iso), SQLBind(RequestStatus.awaitingTriage.rawValue), SQLBind(1))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// Records triage: the outcome, the level of need (into the family's history), a link to
    /// the child's record, and for an allocation the service's involvement with the child.
    /// Only at the version the triager saw, and only once.
    static func triage(_ id: Int64, version: Int, _ input: TriageInput, by: SignedIn, now: LocalTime, on database: any Database) async throws {
        if let service = input.serviceId { try await InvolvementStore.requireService(service, on: database.sql) }
        try await database.writeTransaction { tx in
            guard let request = try await find(id, on: tx) else { throw Abort(.notFound) }
            var personId = request.personId
            var familyId = request.familyId
            if let link = input.personId, link != personId {
                personId = link
                familyId = try await familyOf(personId: link, today: now.day, on: tx)
            }
            let updated = try await tx.raw("""
                UPDATE support_requests SET status = \(bind: input.outcome.status.rawValue), triaged_at = \(bind: now.iso),
                    triaged_by = \(bind: by.actor.practitionerId), outcome = \(bind: input.outcome.rawValue), level = \(bind: input.level),
                    rationale = \(bind: input.rationale), service_id = \(bind: input.serviceId), signpost_to = \(bind: input.signpostTo),
                    person_id = \(bind: personId), family_id = \(bind: familyId), version = version + 1
                WHERE id = \(bind: id) AND version = \(bind: version) AND status = \(bind: RequestStatus.awaitingTriage.rawValue)
                RETURNING id
                """).first(decodingColumn: "id", as: Int64.self)
            if updated == nil { throw EditConflict(what: "request") }
            if let familyId {
                try await setLevel(input.level, familyId: familyId, reason: "Triage: \(input.outcome.label)", by: by, at: now, on: tx)
            }
            if input.outcome == .allocate, let service = input.serviceId, let personId {
                try await InvolvementStore.allocate(serviceId: service, personId: personId, on: now.day, in: tx)
            }
        }
    }

    /// Moves a request on after a panel or a plan (no version check: the front door's own step).
    static func setStatus(_ id: Int64, _ status: RequestStatus, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE support_requests SET status = \(bind: status.rawValue), version = version + 1 WHERE id = \(bind: id)").run()
    }

    // MARK: Levels of need

    struct LevelRow: Codable, Sendable {
        var level: Int
        var setAt: String
        var reason: String
        var setByName: String?
    }

    static func setLevel(_ level: Int, familyId: Int64, reason: String, by: SignedIn, at: LocalTime, on db: any SQLDatabase) async throws {
        try await db.insert(into: "need_levels").columns("family_id", "level", "set_at", "reason", "set_by")
            .values(SQLBind(familyId), SQLBind(level), SQLBind(at.iso), SQLBind(reason), SQLBind(by.actor.practitionerId!)).run()
    }

    /// The family's level of need, newest first.
    static func levels(familyId: Int64, on db: any SQLDatabase) async throws -> [LevelRow] {
        try await db.raw("""
            SELECT n.level, n.set_at, n.reason, p.display_name AS set_by_name
            FROM need_levels n LEFT JOIN practitioners p ON p.id = n.set_by
            WHERE n.family_id = \(bind: familyId) ORDER BY n.set_at DESC, n.id DESC
            """).all(decoding: LevelRow.self, with: rowDecoder)
    }

    // MARK: Advice line

    struct AdviceRow: Codable, Sendable {
        var id: Int64
        var receivedAt: String
        var caller: String
        var callerName: String?
        var organisation: String?
        var topic: String
        var advice: String
        var familyId: Int64?
        var recordedByName: String?
    }

    @discardableResult
    static func logAdvice(_ e: AdviceEnquiry, by: SignedIn, at: LocalTime, on db: any SQLDatabase) async throws -> Int64 {
        if let family = e.familyId, try await PersonStore.family(family, on: db) == nil {
            throw InvalidInput("familyId", "Family \(family) does not exist")
        }
        return try await db.insert(into: "advice_enquiries")
            .columns("received_at", "caller", "caller_name", "organisation", "topic", "advice", "family_id", "recorded_by")
            .values(SQLBind(at.iso), SQLBind(e.caller.rawValue), SQLBind(e.callerName), SQLBind(e.organisation), SQLBind(e.topic),
                    SQLBind(e.advice), SQLBind(e.familyId), SQLBind(by.actor.practitionerId!))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// The page's latest 100; over the API, a page of all, newest first (`page`).
    static func adviceLog(page: APIPage? = nil, on db: any SQLDatabase) async throws -> [AdviceRow] {
        try await db.raw("""
            SELECT a.id, a.received_at, a.caller, a.caller_name, a.organisation, a.topic, a.advice, a.family_id,
                   p.display_name AS recorded_by_name
            FROM advice_enquiries a LEFT JOIN practitioners p ON p.id = a.recorded_by
            """ + (page?.byId("a.id", filtered: false) ?? " ORDER BY a.received_at DESC, a.id DESC LIMIT 100"))
            .all(decoding: AdviceRow.self, with: rowDecoder)
    }
}
