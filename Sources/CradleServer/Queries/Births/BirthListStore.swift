import Foundation
import SQLKit
import Crypto
import CradleCore

/// Who goes on a centre's monthly birth list, the centres' keys, and the log of lists made.
enum BirthListStore {
    struct Centre: Codable, Sendable { var id: Int64; var code: String; var name: String }

    static func centre(id: Int64, on db: any SQLDatabase) async throws -> Centre? {
        try await db.raw("SELECT id, code, name FROM organisations WHERE id = \(bind: id) AND kind = 'childrens_centre'")
            .first(decoding: Centre.self, with: rowDecoder)
    }

    static func centre(code: String, on db: any SQLDatabase) async throws -> Centre? {
        try await db.raw("SELECT id, code, name FROM organisations WHERE code = \(bind: code) AND kind = 'childrens_centre'")
            .first(decoding: Centre.self, with: rowDecoder)
    }

    /// Children born in the period whose home postcode lies in the centre's reach area; on the
    /// list only those whose family consented, as of `today`; counted all the same.
    static func list(for centre: Centre, period: Period, today: Day, on db: any SQLDatabase) async throws -> BirthList {
        struct Row: Codable {
            var id: Int64; var givenName: String; var familyName: String; var dateOfBirth: String; var sex: String
            var postcode: String; var line: String?; var parentName: String?
        }
        let born = try await db.raw("""
            SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.sex, a.postcode, a.line,
                (SELECT m.given_name || ' ' || m.family_name FROM people m
                 WHERE m.family_id = p.family_id AND m.kind = 'adult' AND m.merged_into IS NULL
                 ORDER BY CASE m.relationship WHEN 'mother' THEN 0 WHEN 'father' THEN 1 ELSE 2 END, m.id LIMIT 1) AS parent_name
            FROM people p
            JOIN addresses a ON a.person_id = p.id AND a.to_date IS NULL
            JOIN postcodes pc ON pc.postcode = a.postcode
            JOIN small_areas sa ON sa.id = pc.small_area_id
            WHERE sa.centre_organisation_id = \(bind: centre.id) AND p.kind = 'child' AND p.merged_into IS NULL
              AND p.date_of_birth >= \(bind: period.first.iso) AND p.date_of_birth <= \(bind: period.last.iso)
            ORDER BY p.date_of_birth, p.id
            """).all(decoding: Row.self, with: rowDecoder)
        struct Booked: Codable { var id: Int64; var expectedDeliveryDate: String; var postcode: String; var line: String?; var parentName: String? }
        let booked = try await db.raw("""
            SELECT p.id, p.expected_delivery_date, a.postcode, a.line,
                (SELECT m.given_name || ' ' || m.family_name FROM people m
                 WHERE m.family_id = p.family_id AND m.relationship = 'mother' AND m.merged_into IS NULL ORDER BY m.id LIMIT 1) AS parent_name
            FROM people p
            JOIN addresses a ON a.person_id = p.id AND a.to_date IS NULL
            JOIN postcodes pc ON pc.postcode = a.postcode
            JOIN small_areas sa ON sa.id = pc.small_area_id
            WHERE sa.centre_organisation_id = \(bind: centre.id) AND p.kind = 'child' AND p.merged_into IS NULL
              AND p.date_of_birth IS NULL AND p.expected_delivery_date IS NOT NULL
              AND substr(p.created_at, 1, 10) >= \(bind: period.first.iso) AND substr(p.created_at, 1, 10) <= \(bind: period.last.iso)
            ORDER BY p.expected_delivery_date, p.id
            """).all(decoding: Booked.self, with: rowDecoder)
        let agreed = try await consented(born.map(\.id) + booked.map(\.id), centre: centre.id, today: today, on: db)
        var seen: Set<Int64> = []
        let entries = born.filter { seen.insert($0.id).inserted }.filter { agreed.contains($0.id) }.compactMap { r -> BirthList.Entry? in
            guard let dob = try? Day(r.dateOfBirth) else { return nil }
            return .init(personId: r.id, givenName: r.givenName, familyName: r.familyName, dateOfBirth: dob, sex: r.sex, postcode: r.postcode,
                         addressLine: r.line, parentName: r.parentName)
        }
        var seenBooked: Set<Int64> = []
        let expected = booked.filter { seenBooked.insert($0.id).inserted && agreed.contains($0.id) }.compactMap { r -> BirthList.Expected? in
            guard let due = try? Day(r.expectedDeliveryDate) else { return nil }
            return .init(personId: r.id, motherName: r.parentName ?? "", due: due, postcode: r.postcode, addressLine: r.line)
        }
        return BirthList(centre: centre.code, period: period, entries: entries, expected: expected, birthsInArea: seen.count)
    }

    /// Which of these children's families agree, as of `today`, to share birth details with this centre.
    static func consented(_ people: [Int64], centre: Int64, today: Day, on db: any SQLDatabase) async throws -> Set<Int64> {
        var consents: [Int64: [GovernanceStore.ConsentRow]] = [:]
        for chunk in people.chunks(of: 500) {
            let rows = try await db.raw(GovernanceStore.consentColumns + " WHERE c.person_id IN (\(binds: chunk)) ORDER BY c.id DESC")
                .all(decoding: GovernanceStore.ConsentRow.self, with: rowDecoder)
            for r in rows { consents[r.personId, default: []].append(r) }
        }
        return Set(consents.keys.filter { BirthList.consented(GovernanceStore.latest(consents[$0] ?? []), centre: centre, on: today) })
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
