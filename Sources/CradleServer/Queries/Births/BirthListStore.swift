import Foundation
import SQLKit
import Crypto
import CradleCore

/// Who goes on a centre's monthly birth list, the centres' keys, and the log of lists made.
enum BirthListStore {
    struct Centre: Codable, Sendable {
        var id: Int64; var code: String; var name: String
        var address: String? = nil, phone: String? = nil, openingTimes: String? = nil

        var details: CentreDetails? {
            guard let address, let phone, let openingTimes else { return nil }
            return CentreDetails(address: address, phone: phone, openingTimes: openingTimes)
        }
    }

    static func centre(id: Int64, on db: any SQLDatabase) async throws -> Centre? {
        try await db.raw("SELECT id, code, name, address, phone, opening_times FROM organisations WHERE id = \(bind: id) AND kind = 'childrens_centre'")
            .first(decoding: Centre.self, with: rowDecoder)
    }

    static func centre(code: String, on db: any SQLDatabase) async throws -> Centre? {
        try await db.raw("SELECT id, code, name, address, phone, opening_times FROM organisations WHERE code = \(bind: code) AND kind = 'childrens_centre'")
            .first(decoding: Centre.self, with: rowDecoder)
    }

    /// The centre's own staff keep how families reach it.
    static func saveDetails(_ id: Int64, _ d: CentreDetails, on db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE organisations SET address = \(bind: d.address), phone = \(bind: d.phone), opening_times = \(bind: d.openingTimes)
            WHERE id = \(bind: id) AND kind = 'childrens_centre'
            """).run()
    }

    /// Children born in the period whose home postcode lies in the centre's reach area; on the
    /// list only those whose family consented, as of `today`; counted all the same.
    static func list(for centre: Centre, period: Period, today: Day, on db: any SQLDatabase) async throws -> BirthList {
        try await lists(for: [centre], period: period, today: today, on: db)[centre.id]!
    }

    /// Children with their current home's small area (`sa`), which names its centre.
    /// (Blank first and last lines: the text is spliced between two others.)
    static let homes: SQLQueryString = """

        FROM people p
        JOIN addresses a ON a.person_id = p.id AND a.to_date IS NULL
        JOIN postcodes pc ON pc.postcode = a.postcode
        JOIN small_areas sa ON sa.id = pc.small_area_id

        """

    /// Every given centre's list for the month in one pass: each birth is routed by its home
    /// postcode to the centre whose reach area holds it, with the family's latest decision on
    /// sharing birth details with children's centres read alongside.
    static func lists(for centres: [Centre], period: Period, today: Day, on db: any SQLDatabase) async throws -> [Int64: BirthList] {
        struct Row {
            var id: Int64; var centre: Int64; var givenName: String; var familyName: String; var dateOfBirth: String; var sex: String
            var postcode: String; var line: String?; var parentName: String?
            var status: String?; var recipientKinds: String?; var recipientOrganisations: String?; var givenOn: String?; var expiresOn: String?

            /// Read column by column: a month of a large authority's births is tens of
            /// thousands of rows, and Codable's keyed decoding was a fifth of making its lists.
            init(_ r: any SQLRow) throws {
                id = try r.decode(column: "id", as: Int64.self); centre = try r.decode(column: "centre", as: Int64.self)
                givenName = try r.decode(column: "given_name", as: String.self); familyName = try r.decode(column: "family_name", as: String.self)
                dateOfBirth = try r.decode(column: "date_of_birth", as: String.self); sex = try r.decode(column: "sex", as: String.self)
                postcode = try r.decode(column: "postcode", as: String.self); line = try r.decode(column: "line", as: String?.self)
                parentName = try r.decode(column: "parent_name", as: String?.self); status = try r.decode(column: "status", as: String?.self)
                recipientKinds = try r.decode(column: "recipient_kinds", as: String?.self)
                recipientOrganisations = try r.decode(column: "recipient_organisations", as: String?.self)
                givenOn = try r.decode(column: "given_on", as: String?.self); expiresOn = try r.decode(column: "expires_on", as: String?.self)
            }
        }
        let ids = centres.map(\.id)
        let born = try await db.raw("""
            SELECT p.id, sa.centre_organisation_id AS centre, p.given_name, p.family_name, p.date_of_birth, p.sex, a.postcode, a.line,
                (SELECT m.given_name || ' ' || m.family_name FROM people m
                 WHERE m.family_id = p.family_id AND m.kind = 'adult' AND m.merged_into IS NULL
                 ORDER BY CASE m.relationship WHEN 'mother' THEN 0 WHEN 'father' THEN 1 ELSE 2 END, m.id LIMIT 1) AS parent_name,
                c.status, c.recipient_kinds, c.recipient_organisations, c.given_on, c.expires_on
            """ + homes + """
            LEFT JOIN consents c ON c.id = (SELECT c2.id FROM consents c2 WHERE c2.person_id = p.id AND c2.purpose = \(bind: NotificationStore.purpose)
                                            ORDER BY c2.given_on DESC, c2.id DESC LIMIT 1)
            WHERE sa.centre_organisation_id IN (\(binds: ids)) AND p.kind = 'child' AND p.merged_into IS NULL
              AND p.date_of_birth >= \(bind: period.first.iso) AND p.date_of_birth <= \(bind: period.last.iso)
            ORDER BY p.date_of_birth, p.id
            """).all().map(Row.init)
        struct Booked: Codable { var id: Int64; var centre: Int64; var expectedDeliveryDate: String; var postcode: String; var line: String?; var parentName: String? }
        let booked = try await db.raw("""
            SELECT p.id, sa.centre_organisation_id AS centre, p.expected_delivery_date, a.postcode, a.line,
                (SELECT m.given_name || ' ' || m.family_name FROM people m
                 WHERE m.family_id = p.family_id AND m.relationship = 'mother' AND m.merged_into IS NULL ORDER BY m.id LIMIT 1) AS parent_name
            """ + homes + """
            WHERE sa.centre_organisation_id IN (\(binds: ids)) AND p.kind = 'child' AND p.merged_into IS NULL
              AND p.date_of_birth IS NULL AND p.expected_delivery_date IS NOT NULL
              AND substr(p.created_at, 1, 10) >= \(bind: period.first.iso) AND substr(p.created_at, 1, 10) <= \(bind: period.last.iso)
            ORDER BY p.expected_delivery_date, p.id
            """).all(decoding: Booked.self, with: rowDecoder)
        let bookedAgreed = try await decisions(of: booked.map(\.id), on: db)

        var out: [Int64: BirthList] = [:]
        for centre in centres {
            // A child with two current addresses (a merge) is counted once, at the first.
            var seen: Set<Int64> = []
            var entries: [BirthList.Entry] = []
            for r in born where r.centre == centre.id && seen.insert(r.id).inserted {
                let fact = GovernanceStore.fact(purpose: NotificationStore.purpose, status: r.status, recipientKinds: r.recipientKinds,
                                                recipientOrganisations: r.recipientOrganisations, givenOn: r.givenOn, expiresOn: r.expiresOn)
                guard BirthList.consented(fact.map { [$0] } ?? [], centre: centre.id, on: today), let dob = try? Day(r.dateOfBirth) else { continue }
                entries.append(.init(personId: r.id, givenName: r.givenName, familyName: r.familyName, dateOfBirth: dob, sex: r.sex,
                                     postcode: r.postcode, addressLine: r.line, parentName: r.parentName))
            }
            var seenBooked: Set<Int64> = []
            let expected = booked.filter { $0.centre == centre.id && seenBooked.insert($0.id).inserted }.compactMap { r -> BirthList.Expected? in
                guard let due = try? Day(r.expectedDeliveryDate),
                      BirthList.consented(bookedAgreed[r.id] ?? [], centre: centre.id, on: today) else { return nil }
                return .init(personId: r.id, motherName: r.parentName ?? "", due: due, postcode: r.postcode, addressLine: r.line)
            }
            out[centre.id] = BirthList(centre: centre.code, period: period, entries: entries, expected: expected, birthsInArea: seen.count)
        }
        return out
    }

    /// These children's current consent decisions.
    static func decisions(of people: [Int64], on db: any SQLDatabase) async throws -> [Int64: [ConsentFact]] {
        var rows: [Int64: [GovernanceStore.ConsentRow]] = [:]
        for chunk in people.chunks(of: 500) {
            for r in try await db.raw(GovernanceStore.consentColumns + " WHERE c.person_id IN (\(binds: chunk)) ORDER BY c.id DESC")
                .all(decoding: GovernanceStore.ConsentRow.self, with: rowDecoder) { rows[r.personId, default: []].append(r) }
        }
        return rows.mapValues(GovernanceStore.latest)
    }

    // MARK: withdrawal

    /// The child is off every later list already (lists read consent when they are made); the
    /// centre whose area the child lives in is told to erase its copies of the month's list,
    /// if it was sent one. The notice names no one.
    static func noticeWithdrawal(personId: Int64, on db: any SQLDatabase) async throws {
        struct Row: Codable { var centre: Int64; var dateOfBirth: String }
        guard let r = try await db.raw("""
            SELECT sa.centre_organisation_id AS centre, p.date_of_birth FROM people p
            JOIN addresses a ON a.person_id = p.id AND a.to_date IS NULL
            JOIN postcodes pc ON pc.postcode = a.postcode JOIN small_areas sa ON sa.id = pc.small_area_id
            WHERE p.id = \(bind: personId) AND p.date_of_birth IS NOT NULL AND sa.centre_organisation_id IS NOT NULL
            """).first(decoding: Row.self, with: rowDecoder), let born = try? Day(r.dateOfBirth) else { return }
        let period = Period(containing: born).description
        let sent = try await db.raw("SELECT COUNT(*) AS n FROM birth_lists WHERE organisation_id = \(bind: r.centre) AND period = \(bind: period)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        // Only a family that had agreed can have been on a list.
        let agreed = try await db.raw("""
            SELECT COUNT(*) AS n FROM consents WHERE person_id = \(bind: personId) AND purpose = \(bind: ConsentPurpose.birthDetailsToChildrensCentres.rawValue) AND status = 'given'
            """).first(decodingColumn: "n", as: Int.self) ?? 0
        guard sent > 0, agreed > 0 else { return }
        try await db.insert(into: "withdrawal_notices").columns("organisation_id", "period", "created_at")
            .values(SQLBind(r.centre), SQLBind(period), SQLBind(ISO8601DateFormatter.now)).run()
    }

    struct Notice: Codable, Sendable { var id: Int64; var period: String; var createdAt: String }

    static func notices(centre: Int64, on db: any SQLDatabase) async throws -> [Notice] {
        try await db.raw("SELECT id, period, created_at FROM withdrawal_notices WHERE organisation_id = \(bind: centre) AND done_at IS NULL ORDER BY id")
            .all(decoding: Notice.self, with: rowDecoder)
    }

    static func noticeDone(_ id: Int64, centre: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("UPDATE withdrawal_notices SET done_at = \(bind: ISO8601DateFormatter.now) WHERE id = \(bind: id) AND organisation_id = \(bind: centre)").run()
    }

    // MARK: keys

    struct Key: Codable, Sendable { var id: Int64; var publicKey: String; var fingerprint: String; var createdAt: String }

    static func currentKey(centre: Int64, on db: any SQLDatabase) async throws -> Key? {
        try await db.raw("""
            SELECT id, public_key, fingerprint, created_at FROM centre_keys
            WHERE organisation_id = \(bind: centre) AND retired_at IS NULL ORDER BY id DESC LIMIT 1
            """).first(decoding: Key.self, with: rowDecoder)
    }

    /// Registers a centre's new public key; the one it replaces is retired.
    static func addKey(centre: Int64, _ key: Curve25519.KeyAgreement.PublicKey, on db: any SQLDatabase) async throws -> String {
        let at = ISO8601DateFormatter.now
        try await db.raw("UPDATE centre_keys SET retired_at = \(bind: at) WHERE organisation_id = \(bind: centre) AND retired_at IS NULL").run()
        let fingerprint = SealedList.fingerprint(key)
        try await db.insert(into: "centre_keys").columns("organisation_id", "public_key", "fingerprint", "created_at")
            .values(SQLBind(centre), SQLBind(key.rawRepresentation.base64EncodedString()), SQLBind(fingerprint), SQLBind(at)).run()
        return fingerprint
    }

    static func logList(centre: Int64, _ list: BirthList, fingerprint: String, on db: any SQLDatabase) async throws {
        try await db.insert(into: "birth_lists").columns("organisation_id", "period", "entries", "births_in_area", "key_fingerprint", "created_at")
            .values(SQLBind(centre), SQLBind(list.period.description), SQLBind(list.entries.count), SQLBind(list.birthsInArea),
                    SQLBind(fingerprint), SQLBind(ISO8601DateFormatter.now)).run()
    }
}
