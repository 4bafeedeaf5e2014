import SQLKit
import CradleCore

/// Reach figures per centre and month: births in the centre's area, how many families
/// consented to share with centres, were on a list the centre was sent, registered, and were
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

    static func monthly(from: Day, to: Day, today: Day, scope: ReportScope = .borough, on db: any SQLDatabase) async throws -> [Row] {
        let since = (today - 365).iso
        let purpose = ConsentPurpose.birthDetailsToChildrensCentres.rawValue
        return try await db.raw("""
            SELECT o.id AS centre_id, o.name AS centre_name, w.locality, month, COUNT(*) AS births,
                SUM(consented) AS consented, SUM(CASE WHEN consented = 1 AND listed = 1 THEN 1 ELSE 0 END) AS listed,
                SUM(registered) AS registered, SUM(seen) AS seen
            FROM (
                SELECT p.id, sa.centre_organisation_id AS centre, sa.ward_id, substr(p.date_of_birth, 1, 7) AS month,
                    CASE WHEN (SELECT c.status FROM consents c WHERE c.person_id = p.id AND c.purpose = \(bind: purpose)
                               ORDER BY \(unsafeRaw: GovernanceStore.newestFirst) LIMIT 1) = 'given' THEN 1 ELSE 0 END AS consented,
                    CASE WHEN EXISTS (SELECT 1 FROM birth_lists b WHERE b.organisation_id = sa.centre_organisation_id
                                      AND b.period = substr(p.date_of_birth, 1, 7)) THEN 1 ELSE 0 END AS listed,
                    CASE WHEN EXISTS (SELECT 1 FROM centre_registrations r WHERE r.person_id = p.id
                                      AND r.organisation_id = sa.centre_organisation_id) THEN 1 ELSE 0 END AS registered,
                    CASE WHEN EXISTS (SELECT 1 FROM contacts k JOIN services s ON s.id = k.service_id
                                      WHERE k.person_id = p.id AND s.organisation_id = sa.centre_organisation_id
                                      AND k.outcome = 'attended' AND k.date >= \(bind: since)) THEN 1 ELSE 0 END AS seen
                FROM people p
                JOIN addresses a ON a.person_id = p.id AND a.to_date IS NULL
                JOIN postcodes pc ON pc.postcode = a.postcode
                JOIN small_areas sa ON sa.id = pc.small_area_id
                WHERE p.kind = 'child' AND p.merged_into IS NULL AND sa.centre_organisation_id IS NOT NULL
                  AND p.date_of_birth >= \(bind: from.iso) AND p.date_of_birth <= \(bind: to.iso)
                  \(ReportScopeSQL.condition(scope))
            ) x
            JOIN organisations o ON o.id = x.centre JOIN wards w ON w.id = x.ward_id
            GROUP BY o.id, o.name, w.locality, month
            ORDER BY o.name, month
            """).all(decoding: Row.self, with: rowDecoder)
    }
}
