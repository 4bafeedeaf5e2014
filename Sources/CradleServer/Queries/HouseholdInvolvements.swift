import SQLKit

/// The involvements of a person's whole household: each member's own and the family's, read
/// in one statement. The record page asks the policy about the child, the child's assessments,
/// the family's pages and each family member; all of them are decided on these rows, so the
/// page reads them once instead of once a question (each a round trip on PostgreSQL).
struct HouseholdInvolvements: Sendable {
    var familyId: Int64?
    /// Each member's own involvements; a member with none has an empty list.
    var own: [Int64: [InvolvementRow]]
    /// The family's own involvements.
    var family: [InvolvementRow]

    /// A member's involvements, theirs and their family's, open ones first, newest first (as
    /// `InvolvementStore.forPerson` reads them); nil for someone outside the household.
    func of(person id: Int64) -> [InvolvementRow]? {
        guard let mine = own[id] else { return nil }
        return Self.ordered(mine + family)
    }

    /// The family's involvements and each member's (each once); nil for another family.
    func of(family id: Int64) -> [InvolvementRow]? {
        guard id == familyId else { return nil }
        return Self.ordered(family + own.values.joined())
    }

    /// Each involvement once (one can be a member's and the family's), open ones first, then
    /// by start date, newest first.
    static func ordered(_ rows: [InvolvementRow]) -> [InvolvementRow] {
        var seen = Set<Int64>()
        return rows.filter { seen.insert($0.id).inserted }.sorted {
            ($0.endDate != nil ? 1 : 0, $1.startDate, $0.id) < ($1.endDate != nil ? 1 : 0, $0.startDate, $1.id)
        }
    }
}

extension InvolvementStore {
    /// The household of `personId`: the person, everyone in their family (one row each even
    /// without involvements, so that membership is known) and the family itself.
    static func household(of personId: Int64, on db: any SQLDatabase) async throws -> HouseholdInvolvements {
        let family: SQLQueryString = "(SELECT family_id FROM people WHERE id = \(bind: personId))"
        let rows = try await db.raw("""
            SELECT h.id AS member_id, h.family_id AS member_family_id, i.id, i.service_id, s.name AS service_name,
                   s.kind AS service_kind, o.name AS organisation_name, s.organisation_id, s.team_id,
                   i.person_id, i.family_id, i.start_date, i.end_date, i.lead_practitioner_id,
                   pr.display_name AS lead_name, pr.profession AS lead_profession, i.version
            FROM people h
            LEFT JOIN involvements i ON i.person_id = h.id
            LEFT JOIN services s ON s.id = i.service_id
            LEFT JOIN organisations o ON o.id = s.organisation_id
            LEFT JOIN practitioners pr ON pr.id = i.lead_practitioner_id
            WHERE h.id = \(bind: personId) OR h.family_id = \(family)
            UNION ALL
            SELECT NULL, NULL, i.id, i.service_id, s.name, s.kind, o.name, s.organisation_id, s.team_id,
                   i.person_id, i.family_id, i.start_date, i.end_date, i.lead_practitioner_id,
                   pr.display_name, pr.profession, i.version
            FROM involvements i
            JOIN services s ON s.id = i.service_id
            JOIN organisations o ON o.id = s.organisation_id
            LEFT JOIN practitioners pr ON pr.id = i.lead_practitioner_id
            WHERE i.family_id = \(family)
            """).all()
        var household = HouseholdInvolvements(familyId: nil, own: [:], family: [])
        for row in rows {
            let member = try row.decode(column: "member_id", as: Int64?.self)
            if let member {
                if member == personId { household.familyId = try row.decode(column: "member_family_id", as: Int64?.self) }
                if household.own[member] == nil { household.own[member] = [] }
            }
            guard try !row.decodeNil(column: "id") else { continue }
            let involvement = try rowDecoder.decode(InvolvementRow.self, from: row)
            if let member { household.own[member]!.append(involvement) } else { household.family.append(involvement) }
        }
        return household
    }
}
