import SQLKit
import CradleCore

/// Reads for worklists and timeliness metrics: children with their reviews recorded.
enum ScheduleQueries {
    struct ChildRow: Codable, Sendable {
        var id: Int64
        var givenName: String
        var familyName: String
        var dateOfBirth: String?
        var expectedDeliveryDate: String?
        var nhsNumber: String?
        var team: String?
        var locality: String?
    }

    struct ReviewRow: Codable, Sendable {
        var personId: Int64
        var type: String
        var date: String
        var asqInterval: Int?
        var asqAnswers: String?
    }

    static let reviewTypes = SQLGroupExpression(SQLList(MandatedReview.allCases.map { SQLBind($0.contactType.rawValue) }))

    /// Children under five (and unborn) with a current involvement of one of `teamIds`'
    /// services; with `lead`, only those whose involvement that practitioner leads.
    static func caseload(teamIds: [Int64], lead: Int64? = nil, today: Day, on db: any SQLDatabase) async throws -> [ChildRow] {
        // `lead` is an integer, so writing it into the SQL cannot inject anything.
        let teams = SQLGroupExpression(SQLList((teamIds + [-1]).map { SQLBind($0) }))
        let since = today.adding(months: -60).iso
        return try await db.raw("""
            SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_delivery_date, p.nhs_number,
                   MIN(t.name) AS team, NULL AS locality
            FROM people p
            JOIN involvements i ON (i.person_id = p.id OR i.family_id = p.family_id) AND i.end_date IS NULL
            JOIN services s ON s.id = i.service_id
            JOIN teams t ON t.id = s.team_id
            WHERE p.kind = 'child' AND s.team_id IN \(teams)
              \(unsafeRaw: lead.map { "AND i.lead_practitioner_id = \($0)" } ?? "")
              AND (p.date_of_birth IS NULL OR p.date_of_birth >= \(bind: since))
            GROUP BY p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_delivery_date, p.nhs_number
            """).all(decoding: ChildRow.self, with: rowDecoder)
    }

    /// Children born between two dates, with their health-visiting team and the locality of
    /// their current address, for the timeliness metrics.
    static func cohort(bornFrom: Day, to: Day, scope: ReportScope = .borough, on db: any SQLDatabase) async throws -> [ChildRow] {
        try await db.raw("""
            SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_delivery_date, p.nhs_number,
                   (SELECT MIN(t.name) FROM involvements i JOIN services s ON s.id = i.service_id JOIN teams t ON t.id = s.team_id
                     WHERE (i.person_id = p.id OR i.family_id = p.family_id) AND s.kind = 'health_visiting') AS team,
                   (SELECT MIN(w.locality) FROM addresses a JOIN postcodes pc ON pc.postcode = a.postcode
                     JOIN small_areas sa ON sa.id = pc.small_area_id JOIN wards w ON w.id = sa.ward_id
                     WHERE a.person_id = p.id AND a.to_date IS NULL) AS locality
            FROM people p
            WHERE p.kind = 'child' AND p.date_of_birth >= \(bind: bornFrom.iso) AND p.date_of_birth <= \(bind: to.iso)
            \(ReportScopeSQL.condition(scope))
            """).all(decoding: ChildRow.self, with: rowDecoder)
    }

    /// Attended reviews (with any ASQ-3) of the children `children` selects.
    static func reviews(of ids: [Int64], on db: any SQLDatabase) async throws -> [ReviewRow] {
        var out: [ReviewRow] = []
        // In chunks: a bind list per statement stays well under both databases' limits.
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(ids.count, start + 500)]
            out += try await db.raw("""
                SELECT c.person_id, c.type, c.date, a.interval_months AS asq_interval, a.answers AS asq_answers
                FROM contacts c LEFT JOIN asq_results a ON a.contact_id = c.id
                WHERE c.outcome = 'attended' AND c.type IN \(reviewTypes)
                  AND c.person_id IN \(SQLGroupExpression(SQLList(chunk.map { SQLBind($0) })))
                """).all(decoding: ReviewRow.self, with: rowDecoder)
        }
        return out
    }

    /// Per child, the first day each review was done, and the 2-year review's ASQ-3.
    static func byChild(_ rows: [ReviewRow], cutoffs: ASQCutoffs) -> [Int64: (done: [MandatedReview: Day], asq: ASQ3Result?)] {
        Dictionary(grouping: rows, by: \.personId).mapValues { rows in
            let asq = rows.last { $0.type == ContactType.review2Years.rawValue && $0.asqInterval != nil && $0.asqAnswers != nil }.map {
                ASQ3Result.score(interval: $0.asqInterval!, answers: ASQ3Result.decode($0.asqAnswers!), cutoffs: cutoffs)
            }
            return (ReviewSchedule.firstDone(attended: rows.map { ($0.type, $0.date) }), asq)
        }
    }
}
