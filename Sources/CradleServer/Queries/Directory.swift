import SQLKit
import CradleCore

/// Services and practitioners that forms offer as choices.
enum Directory {
    static func services(on db: any SQLDatabase) async throws -> [ServiceOption] {
        try await db.raw("""
            SELECT s.id, s.name, s.kind, o.name AS organisation_name, s.team_id
            FROM services s JOIN organisations o ON o.id = s.organisation_id ORDER BY s.kind, s.name
            """).all(decoding: ServiceOption.self, with: rowDecoder)
    }

    /// Practitioners who can lead or record work (not analysts, IG leads or administrators).
    static func practitioners(on db: any SQLDatabase) async throws -> [PractitionerOption] {
        try await db.raw("""
            SELECT p.id, p.display_name, p.profession, o.name AS organisation_name
            FROM practitioners p JOIN organisations o ON o.id = p.organisation_id
            WHERE p.active = \(bind: true) AND p.profession NOT IN ('analyst', 'information_governance_lead', 'administrator')
            ORDER BY p.display_name
            """).all(decoding: PractitionerOption.self, with: rowDecoder)
    }

    struct OrganisationOption: Decodable, Sendable { var id: Int64; var name: String; var kind: String }

    static func organisations(on db: any SQLDatabase) async throws -> [OrganisationOption] {
        try await db.raw("SELECT id, name, kind FROM organisations ORDER BY kind, name").all(decoding: OrganisationOption.self, with: rowDecoder)
    }

    static func practitionerNames(ids: Set<Int64>, on db: any SQLDatabase) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var id: Int64; var displayName: String }
        let list = SQLList(ids.sorted().map { SQLBind($0) })
        let rows = try await db.select().columns("id", "display_name").from("practitioners")
            .where(SQLIdentifier("id"), .in, SQLGroupExpression(list)).all(decoding: Row.self, with: rowDecoder)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.displayName) })
    }
}
