import SQLKit
import CradleCore

/// Finding a child: by NHS number, by name and date of birth, or by current postcode.
enum ChildSearch {
    enum Criteria: Sendable, Equatable {
        case nhsNumber(NHSNumber)
        case name(family: String, given: String?, dateOfBirth: Day)
        case postcode(Postcode)
    }

    /// The fields a search reads.
    static let fields = ["nhsNumber", "familyName", "givenName", "dateOfBirth", "postcode"]

    /// Reads search fields (`nhsNumber`; `familyName`, `givenName`, `dateOfBirth`; `postcode`).
    /// Nil with no errors means nothing was asked yet.
    static func criteria(from fields: [String: String]) -> Result<Criteria?, FieldErrors> {
        var r = FieldReader(fields)
        if let nhs = fields["nhsNumber"], !nhs.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let n = r.nhsNumber("nhsNumber") else { return .failure(r.errors) }
            return .success(.nhsNumber(n))
        }
        let family = r.text("familyName", label: "Family name", required: false)
        let given = r.text("givenName", label: "Given name", required: false)
        let dobText = fields["dateOfBirth"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if family != nil || !dobText.isEmpty || given != nil {
            guard let family else {
                r.errors.add("familyName", "Enter the family name to search by name and date of birth")
                return .failure(r.errors)
            }
            guard let dob = r.day("dateOfBirth", label: "Date of birth", required: true) else { return .failure(r.errors) }
            guard !nameSearchKey(family).isEmpty else {
                r.errors.add("familyName", "Family name must contain letters")
                return .failure(r.errors)
            }
            return .success(.name(family: family, given: given, dateOfBirth: dob))
        }
        if let pc = fields["postcode"], !pc.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let p = r.postcode("postcode") else { return .failure(r.errors) }
            return .success(.postcode(p))
        }
        return r.errors.isEmpty ? .success(nil) : .failure(r.errors)
    }

    static let limit = 100

    /// Children matching the criteria, with their current postcode. An unborn child (a
    /// pregnancy) is listed only to a practitioner whose team is involved with it or its
    /// family, or who leads that involvement: a search must not reveal a pregnancy.
    static func run(_ criteria: Criteria, for viewer: Actor, today: Day, on db: any SQLDatabase) async throws -> [SearchRow] {
        let teams = viewer.teamIds.isEmpty ? [-1] : viewer.teamIds
        // A GP practice's system finds only the children registered with the practice.
        let practice: SQLQueryString = viewer.readsForPractice.map { " AND p.gp_practice = \(bind: $0)" } ?? ""
        let born: SQLQueryString = practice + """
             AND (p.date_of_birth IS NOT NULL OR EXISTS (
                SELECT 1 FROM involvements i JOIN services s ON s.id = i.service_id
                WHERE (i.person_id = p.id OR i.family_id = p.family_id) AND (i.end_date IS NULL OR i.end_date >= \(bind: today.iso))
                  AND (s.team_id IN (\(binds: teams)) OR i.lead_practitioner_id = \(bind: viewer.practitionerId ?? -1))))
            """
        let select: SQLQueryString = """
            SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_delivery_date,
                   (SELECT a.postcode FROM addresses a WHERE a.person_id = p.id AND a.to_date IS NULL
                    ORDER BY a.from_date DESC LIMIT 1) AS postcode
            FROM people p
            """
        // A record merged into another is found as that one.
        let current: SQLQueryString = " AND p.merged_into IS NULL" + born
        switch criteria {
        case .nhsNumber(let n):
            return try await db.raw(select + " WHERE p.nhs_number = \(bind: n.digits)" + current)
                .all(decoding: SearchMatch.self, with: rowDecoder).map(\.minimal)
        case .name(let family, let given, let dob):
            var q: SQLQueryString = select + " WHERE p.family_key = \(bind: nameSearchKey(family)) AND p.date_of_birth = \(bind: dob.iso) AND p.kind = 'child'" + current
            if let given, !nameSearchKey(given).isEmpty { q = q + " AND p.given_key LIKE \(bind: nameSearchKey(given) + "%")" }
            return try await db.raw(q + " ORDER BY p.given_name LIMIT \(unsafeRaw: String(limit))")
                .all(decoding: SearchMatch.self, with: rowDecoder).map(\.minimal)
        case .postcode(let p):
            return try await db.raw("""
                SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_delivery_date,
                       a.postcode
                FROM addresses a JOIN people p ON p.id = a.person_id
                WHERE a.postcode = \(bind: p.normalised) AND a.to_date IS NULL AND p.kind = 'child' AND p.merged_into IS NULL
                """ + born + """
                 ORDER BY p.family_name, p.given_name LIMIT \(unsafeRaw: String(limit))
                """).all(decoding: SearchMatch.self, with: rowDecoder).map(\.minimal)
        }
    }
}

