import SQLKit
import CradleCore

/// Reach figures per centre and month: births in the centre's area, how many families
/// consented to share with centres, are on the centre's list, registered, and were
/// seen (an attended contact with the centre) in the last 12 months. Counts only: nobody is
/// named, and the page applies disclosure control to every figure.
enum ReachStore {
    struct Row: Codable, Sendable {
        var centreId: Int64
        var centreName: String
        var locality: String
        var month: String
        var births: Int
        var consented: Int
        var listed: Int
        var registered: Int
        var seen: Int
    }

    /// One child born in the window, with its centre and the family's latest decision on
    /// sharing birth details with children's centres.
    struct Birth: Codable, Sendable {
        var centreId: Int64
        var centreName: String
        var locality: String
        var month: String
        var status: String?
        var recipientKinds: String?
        var recipientOrganisations: String?
        var givenOn: String?
        var expiresOn: String?
        var registered: Int
        var seen: Int
    }

    /// "Listed" is what the centre's own page lists: a birth whose consent is in force today and
    /// names this centre (or any centre), by the same rule as the list itself.
    static func monthly(from: Day, to: Day, today: Day, scope: ReportScope = .borough, on db: any SQLDatabase) async throws -> [Row] {
        var rows: [String: Row] = [:]
        for b in try await births(from: from, to: to, today: today, scope: scope, on: db) {
            let key = "\(b.centreId)|\(b.locality)|\(b.month)"
            var r = rows[key] ?? Row(centreId: b.centreId, centreName: b.centreName, locality: b.locality, month: b.month,
                                     births: 0, consented: 0, listed: 0, registered: 0, seen: 0)
            let consent = GovernanceStore.fact(purpose: ConsentPurpose.birthDetailsToChildrensCentres.rawValue, status: b.status,
                                               recipientKinds: b.recipientKinds, recipientOrganisations: b.recipientOrganisations,
                                               givenOn: b.givenOn, expiresOn: b.expiresOn)
            r.births += 1
            if consent?.status == .given { r.consented += 1 }
            if BirthList.consented(consent.map { [$0] } ?? [], centre: b.centreId, on: today) { r.listed += 1 }
            r.registered += b.registered
            r.seen += b.seen
            rows[key] = r
        }
        return rows.values.sorted { ($0.centreName, $0.month, $0.locality) < ($1.centreName, $1.month, $1.locality) }
    }

    static func births(from: Day, to: Day, today: Day, scope: ReportScope, on db: any SQLDatabase) async throws -> [Birth] {
        let since = (today - 365).iso
        let purpose = ConsentPurpose.birthDetailsToChildrensCentres.rawValue
        return try await db.raw("""
            SELECT o.id AS centre_id, o.name AS centre_name, w.locality, substr(p.date_of_birth, 1, 7) AS month,
                c.status, c.recipient_kinds, c.recipient_organisations, c.given_on, c.expires_on,
                CASE WHEN EXISTS (SELECT 1 FROM centre_registrations r WHERE r.person_id = p.id
                                  AND r.organisation_id = sa.centre_organisation_id) THEN 1 ELSE 0 END AS registered,
                CASE WHEN EXISTS (SELECT 1 FROM contacts k JOIN services s ON s.id = k.service_id
                                  WHERE k.person_id = p.id AND s.organisation_id = sa.centre_organisation_id
                                  AND k.outcome = 'attended' AND k.date >= \(bind: since)) THEN 1 ELSE 0 END AS seen
            FROM people p
            JOIN addresses a ON a.person_id = p.id AND a.to_date IS NULL
            JOIN postcodes pc ON pc.postcode = a.postcode
            JOIN small_areas sa ON sa.id = pc.small_area_id
            JOIN organisations o ON o.id = sa.centre_organisation_id
            JOIN wards w ON w.id = sa.ward_id
            LEFT JOIN consents c ON c.id = (SELECT c.id FROM consents c WHERE c.person_id = p.id AND c.purpose = \(bind: purpose)
                                           ORDER BY \(unsafeRaw: GovernanceStore.newestFirst) LIMIT 1)
            WHERE p.kind = 'child' AND p.merged_into IS NULL
              AND p.date_of_birth >= \(bind: from.iso) AND p.date_of_birth <= \(bind: to.iso)
              \(ReportScopeSQL.condition(scope))
            """).all(decoding: Birth.self, with: rowDecoder)
    }
}
