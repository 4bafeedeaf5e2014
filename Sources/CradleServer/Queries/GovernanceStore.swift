import SQLKit
import Fluent
import Foundation
import CradleCore

/// Consent, agreements and break-glass, as stored.
enum GovernanceStore {
    struct ConsentRow: Codable, Sendable {
        var id: Int64
        var personId: Int64
        var purpose: String
        var status: String
        var recipientKinds: String
        var recipientOrganisations: String
        var givenBy: String
        var givenOn: String
        var expiresOn: String?
        var method: String
        /// The practitioner who recorded it, or none when a source system's feed carried it.
        var recordedBy: Int64?
        var recorderName: String?

        var fact: ConsentFact? {
            GovernanceStore.fact(id: id, purpose: purpose, status: status, recipientKinds: recipientKinds,
                                 recipientOrganisations: recipientOrganisations, givenOn: givenOn, expiresOn: expiresOn)
        }
    }

    /// A consent decision's stored columns as the policy's fact; nil if there is none.
    static func fact(id: Int64 = 0, purpose: String, status: String?, recipientKinds: String?, recipientOrganisations: String?,
                     givenOn: String?, expiresOn: String?) -> ConsentFact? {
        guard let purpose = ConsentPurpose(rawValue: purpose), let status = status.flatMap(ConsentStatus.init(rawValue:)),
              let given = givenOn.flatMap({ try? Day($0) }) else { return nil }
        return ConsentFact(id: id, purpose: purpose, status: status,
                           recipientKinds: (recipientKinds ?? "").split(separator: ",").compactMap { OrganisationKind(rawValue: String($0)) },
                           recipientOrganisations: (recipientOrganisations ?? "").split(separator: ",").compactMap { Int64($0) },
                           givenOn: given, expiresOn: expiresOn.flatMap { try? Day($0) })
    }

    static let consentColumns: SQLQueryString = """
        SELECT c.id, c.person_id, c.purpose, c.status, c.recipient_kinds, c.recipient_organisations, c.given_by, c.given_on,
               c.expires_on, c.method, c.recorded_by,
               COALESCE(pr.display_name, 'the ' || ss.name || ' feed', CASE WHEN c.recorded_by_family IS NOT NULL THEN 'the family, online' END) AS recorder_name
        FROM consents c LEFT JOIN practitioners pr ON pr.id = c.recorded_by LEFT JOIN source_systems ss ON ss.id = c.recorded_by_source
        """

    /// The order of decisions, newest first: by the date the family decided, then by when it
    /// was recorded. A decision dated before the latest one (a late feed message, a paper form
    /// keyed in after a withdrawal) is kept in the history and changes nothing now.
    static let newestFirst = "c.given_on DESC, c.id DESC"

    /// Every consent decision for a child, newest first: the history.
    static func consentHistory(personId: Int64, on db: any SQLDatabase) async throws -> [ConsentRow] {
        try await db.raw(consentColumns + " WHERE c.person_id = \(bind: personId) ORDER BY \(unsafeRaw: newestFirst)")
            .all(decoding: ConsentRow.self, with: rowDecoder)
    }

    /// The latest decision per purpose: a withdrawal replaces a consent at once.
    static func currentConsents(personId: Int64, on db: any SQLDatabase) async throws -> [ConsentFact] {
        latest(try await consentHistory(personId: personId, on: db))
    }

    static func currentConsents(familyId: Int64, on db: any SQLDatabase) async throws -> [ConsentFact] {
        try await consentHistory(familyId: familyId, on: db).values.flatMap { latest($0) }
    }

    /// Each family member's consent decisions, newest first, in one read.
    static func consentHistory(familyId: Int64, on db: any SQLDatabase) async throws -> [Int64: [ConsentRow]] {
        let rows = try await db.raw(consentColumns + """
             WHERE c.person_id IN (SELECT id FROM people WHERE family_id = \(bind: familyId)) ORDER BY \(unsafeRaw: newestFirst)
            """).all(decoding: ConsentRow.self, with: rowDecoder)
        return Dictionary(grouping: rows, by: \.personId)
    }

    static func latest(_ newestFirst: [ConsentRow]) -> [ConsentFact] {
        var seen = Set<String>()
        var out: [ConsentFact] = []
        for r in newestFirst where seen.insert(r.purpose).inserted {
            if let f = r.fact { out.append(f) }
        }
        return out
    }

    @discardableResult
    /// Records a decision, by a practitioner (`recordedBy`) or by the family itself, signed in
    /// (`family`: their account).
    static func recordConsent(personId: Int64, _ input: ConsentInput, recordedBy: Int64?, family: Int64? = nil, on db: any SQLDatabase) async throws -> Int64 {
        let id = try await db.insert(into: "consents")
            .columns("person_id", "purpose", "status", "recipient_kinds", "recipient_organisations", "given_by", "given_on",
                     "expires_on", "method", "recorded_by", "recorded_by_family")
            .values(SQLBind(personId), SQLBind(input.purpose.rawValue), SQLBind(input.status.rawValue),
                    SQLBind(input.recipientKinds.map(\.rawValue).joined(separator: ",")),
                    SQLBind(input.recipientOrganisations.map(String.init).joined(separator: ",")),
                    SQLBind(input.givenBy), SQLBind(input.date.iso), SQLBind(input.expires?.iso), SQLBind(input.method.rawValue),
                    SQLBind(recordedBy), SQLBind(family))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        if input.purpose == .birthDetailsToChildrensCentres, input.status == .withdrawn,
           try await currentConsents(personId: personId, on: db).first(where: { $0.purpose == input.purpose })?.status == .withdrawn {
            try await BirthListStore.noticeWithdrawal(personId: personId, on: db)
        }
        return id
    }

    struct AgreementRow: Codable, Sendable {
        var id: Int64
        var name: String
        var purposes: String
        var categories: String
        var lawfulBasis: String
        var status: String
        var startDate: String
        var endDate: String?
        var reviewDate: String?
        var caldicottGuardian: String
        var siro: String
        var dpo: String
        var version: Int

        func fact(parties: [Int64]) -> AgreementFact? {
            guard let start = try? Day(startDate), let basis = LawfulBasis(rawValue: lawfulBasis),
                  let status = AgreementStatus(rawValue: status) else { return nil }
            return AgreementFact(id: id, name: name, parties: parties,
                                 purposes: purposes.split(separator: ",").compactMap { Purpose(rawValue: String($0)) },
                                 categories: categories.split(separator: ",").compactMap { DataCategory(rawValue: String($0)) },
                                 lawfulBasis: basis, status: status, start: start, end: endDate.flatMap { try? Day($0) })
        }
    }

    static let agreementColumns: SQLQueryString = """
        SELECT a.id, a.name, a.purposes, a.categories, a.lawful_basis, a.status, a.start_date, a.end_date, a.review_date,
               a.caldicott_guardian, a.siro, a.dpo, a.version FROM agreements a
        """

    static func agreements(on db: any SQLDatabase) async throws -> [(AgreementRow, [Int64])] {
        let rows = try await db.raw(agreementColumns + " ORDER BY a.status, a.name").all(decoding: AgreementRow.self, with: rowDecoder)
        let parties = try await partiesByAgreement(on: db)
        return rows.map { ($0, parties[$0.id] ?? []) }
    }

    static func partiesByAgreement(on db: any SQLDatabase) async throws -> [Int64: [Int64]] {
        struct P: Decodable { var agreementId: Int64; var organisationId: Int64 }
        let rows = try await db.raw("SELECT agreement_id, organisation_id FROM agreement_parties").all(decoding: P.self, with: rowDecoder)
        var out: [Int64: [Int64]] = [:]
        for r in rows { out[r.agreementId, default: []].append(r.organisationId) }
        return out
    }

    /// Operational, in-date agreements to which the organisation is a party.
    static func liveAgreements(for organisation: Int64, today: Day, on db: any SQLDatabase) async throws -> [AgreementFact] {
        let rows = try await db.raw(agreementColumns + """
             WHERE a.status = 'operational' AND a.start_date <= \(bind: today.iso)
               AND (a.end_date IS NULL OR a.end_date >= \(bind: today.iso))
               AND a.id IN (SELECT agreement_id FROM agreement_parties WHERE organisation_id = \(bind: organisation))
            """).all(decoding: AgreementRow.self, with: rowDecoder)
        guard !rows.isEmpty else { return [] }
        let parties = try await partiesByAgreement(on: db)
        return rows.compactMap { $0.fact(parties: parties[$0.id] ?? []) }
    }

    static func activeBreakGlass(actor: Int64, personId: Int64, on db: any SQLDatabase) async throws -> BreakGlassFact? {
        struct Row: Decodable { var id: Int64; var reason: String; var expiresAt: String }
        let now = ISO8601DateFormatter.now
        return try await db.raw("""
            SELECT id, reason, expires_at FROM break_glass
            WHERE practitioner_id = \(bind: actor) AND person_id = \(bind: personId) AND expires_at > \(bind: now)
            ORDER BY id DESC LIMIT 1
            """).first(decoding: Row.self, with: rowDecoder).map { BreakGlassFact(id: $0.id, reason: $0.reason, expiresAt: $0.expiresAt) }
    }
}

extension GovernanceStore {
    static func openBreakGlass(actor: Int64, personId: Int64, reason: String, hours: Int, on db: any SQLDatabase) async throws {
        let now = Date()
        let f = ISO8601DateFormatter.seconds
        try await db.insert(into: "break_glass")
            .columns("practitioner_id", "person_id", "reason", "started_at", "expires_at")
            .values(SQLBind(actor), SQLBind(personId), SQLBind(reason), SQLBind(f.string(from: now)),
                    SQLBind(f.string(from: now.addingTimeInterval(Double(hours) * 3600))))
            .run()
    }

    struct BreakGlassRow: Codable, Sendable {
        var id: Int64
        var practitionerId: Int64
        var practitionerName: String
        var personId: Int64
        var reason: String
        var startedAt: String
        var expiresAt: String
        var reviewOutcome: String?
        var reviewNote: String?
    }

    static let breakGlassColumns: SQLQueryString = """
        SELECT b.id, b.practitioner_id, p.display_name AS practitioner_name, b.person_id, b.reason, b.started_at, b.expires_at,
               b.review_outcome, b.review_note
        FROM break_glass b JOIN practitioners p ON p.id = b.practitioner_id
        """

    /// Unreviewed first, then the most recent: the 500 the reviews page shows.
    static func breakGlassList(on db: any SQLDatabase) async throws -> [BreakGlassRow] {
        try await db.raw(breakGlassColumns + " ORDER BY CASE WHEN b.review_outcome IS NULL THEN 0 ELSE 1 END, b.id DESC LIMIT 500")
            .all(decoding: BreakGlassRow.self, with: rowDecoder)
    }

    /// A page of every emergency access (or only those not yet reviewed), newest first (the API).
    static func breakGlassPage(_ page: APIPage, unreviewed: Bool, on db: any SQLDatabase) async throws -> [BreakGlassRow] {
        try await db.raw(breakGlassColumns + (unreviewed ? " WHERE b.review_outcome IS NULL" : "") + page.byId("b.id", filtered: unreviewed))
            .all(decoding: BreakGlassRow.self, with: rowDecoder)
    }

    static func breakGlass(_ id: Int64, on db: any SQLDatabase) async throws -> BreakGlassRow? {
        try await db.raw(breakGlassColumns + " WHERE b.id = \(bind: id)").first(decoding: BreakGlassRow.self, with: rowDecoder)
    }

    static func reviewBreakGlass(_ id: Int64, outcome: String, note: String?, reviewer: Int64, on db: any SQLDatabase) async throws {
        let updated = try await db.raw("""
            UPDATE break_glass SET review_outcome = \(bind: outcome), review_note = \(bind: note), reviewed_by = \(bind: reviewer),
                reviewed_at = \(bind: ISO8601DateFormatter.now)
            WHERE id = \(bind: id) AND review_outcome IS NULL RETURNING id
            """).first(decodingColumn: "id", as: Int64.self)
        if updated == nil { throw EditConflict(what: "review") }
    }
}

extension GovernanceStore {
    static func saveAgreement(_ id: Int64?, version: Int?, _ a: AgreementInput, on database: any Database) async throws -> Int64 {
        try await database.writeTransaction { db in try await writeAgreement(id, version: version, a, on: db) }
    }

    /// Inserts (no `id`) or updates (at `version`) an agreement and replaces its parties; the
    /// caller holds the write transaction.
    static func writeAgreement(_ id: Int64?, version: Int?, _ a: AgreementInput, on db: any SQLDatabase) async throws -> Int64 {
        let purposes = a.purposes.map(\.rawValue).joined(separator: ",")
        let categories = a.categories.map(\.rawValue).joined(separator: ",")
        let agreementId: Int64
        if let id {
            let updated = try await db.raw("""
                UPDATE agreements SET name = \(bind: a.name), purposes = \(bind: purposes), categories = \(bind: categories),
                    lawful_basis = \(bind: a.lawfulBasis.rawValue), status = \(bind: a.status.rawValue), start_date = \(bind: a.start.iso),
                    end_date = \(bind: a.end?.iso), review_date = \(bind: a.review?.iso), caldicott_guardian = \(bind: a.caldicottGuardian),
                    siro = \(bind: a.siro), dpo = \(bind: a.dpo), version = version + 1
                WHERE id = \(bind: id) AND version = \(bind: version ?? -1) RETURNING id
                """).first(decodingColumn: "id", as: Int64.self)
            guard updated != nil else { throw EditConflict(what: "agreement") }
            try await db.raw("DELETE FROM agreement_parties WHERE agreement_id = \(bind: id)").run()
            agreementId = id
        } else {
            agreementId = try await db.insert(into: "agreements")
                .columns("name", "purposes", "categories", "lawful_basis", "status", "start_date", "end_date", "review_date",
                         "caldicott_guardian", "siro", "dpo", "version")
                .values(SQLBind(a.name), SQLBind(purposes), SQLBind(categories), SQLBind(a.lawfulBasis.rawValue), SQLBind(a.status.rawValue),
                        SQLBind(a.start.iso), SQLBind(a.end?.iso), SQLBind(a.review?.iso), SQLBind(a.caldicottGuardian),
                        SQLBind(a.siro), SQLBind(a.dpo), SQLBind(1))
                .returning("id").first(decodingColumn: "id", as: Int64.self)!
        }
        let known = try await db.raw("SELECT id FROM organisations").all(decodingColumn: "id", as: Int64.self)
        let unknown = a.parties.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw InvalidInput("parties", "Unknown organisation \(unknown[0])")
        }
        var parties = BulkWriter("agreement_parties", ["agreement_id", "organisation_id"])
        for p in Set(a.parties).sorted() { parties.add([agreementId, p]) }
        try await parties.flush(on: db)
        return agreementId
    }
}
