import SQLKit
import CradleCore

/// Which services are involved with a child, directly or through the child's family.
enum InvolvementStore {
    static let columns: SQLQueryString = """
        SELECT i.id, i.service_id, s.name AS service_name, s.kind AS service_kind, o.name AS organisation_name,
               s.organisation_id, s.team_id,
               i.person_id, i.family_id, i.start_date, i.end_date, i.lead_practitioner_id,
               pr.display_name AS lead_name, pr.profession AS lead_profession, i.version
        FROM involvements i
        JOIN services s ON s.id = i.service_id
        JOIN organisations o ON o.id = s.organisation_id
        LEFT JOIN practitioners pr ON pr.id = i.lead_practitioner_id
        """

    /// Involvements with the person and with their family (found in the query), open ones first.
    static func forPerson(id: Int64, on db: any SQLDatabase) async throws -> [InvolvementRow] {
        try await db.raw(columns + """
             WHERE i.person_id = \(bind: id) OR i.family_id = (SELECT family_id FROM people WHERE id = \(bind: id))
             ORDER BY i.end_date IS NOT NULL, i.start_date DESC
            """).all(decoding: InvolvementRow.self, with: rowDecoder)
    }

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> InvolvementRow? {
        try await db.raw(columns + " WHERE i.id = \(bind: id)").first(decoding: InvolvementRow.self, with: rowDecoder)
    }

    /// When a practitioner registers a child, a service of their team becomes involved with
    /// them as lead: registering a child is working with them, and it keeps their access.
    static func involveRegisteringTeam(personId: Int64, registrar: SignedIn, today: Day, on db: any SQLDatabase) async throws {
        guard let service = try await firstService(ofTeams: registrar.actor.teamIds, on: db) else { return }
        try await db.insert(into: "involvements")
            .columns("service_id", "person_id", "start_date", "lead_practitioner_id", "version")
            .values(SQLBind(service), SQLBind(personId), SQLBind(today.iso), SQLBind(registrar.actor.practitionerId), SQLBind(1))
            .run()
    }

    /// A service allocated to a child by the early help front door (at triage or a panel):
    /// involved from today, its lead chosen later by the service.
    static func allocate(serviceId: Int64, personId: Int64, on day: Day, in db: any SQLDatabase) async throws {
        try await db.insert(into: "involvements").columns("service_id", "person_id", "start_date", "version")
            .values(SQLBind(serviceId), SQLBind(personId), SQLBind(day.iso), SQLBind(1)).run()
    }

    /// The team that runs a service (nil for an unknown service, or one no team runs).
    static func team(ofService id: Int64, on db: any SQLDatabase) async throws -> Int64? {
        try await db.raw("SELECT team_id FROM services WHERE id = \(bind: id)").first(decodingColumn: "team_id", as: Int64?.self) ?? nil
    }

    /// The services the practitioner's teams run: what they may start with a child.
    static func services(ofTeams teamIds: [Int64], on db: any SQLDatabase) async throws -> [ServiceOption] {
        try await Directory.services(on: db).filter { $0.teamId.map(teamIds.contains) ?? false }
    }

    /// The first service one of these teams runs, if any.
    static func firstService(ofTeams teamIds: [Int64], on db: any SQLDatabase) async throws -> Int64? {
        guard !teamIds.isEmpty else { return nil }
        return try await db.select().column("id").from("services")
            .where(SQLIdentifier("team_id"), .in, SQLGroupExpression(SQLList(teamIds.map { SQLBind($0) })))
            .orderBy("id").limit(1).first(decodingColumn: "id", as: Int64.self)
    }

    static func create(_ input: InvolvementInput, person: PersonRow, on db: any SQLDatabase) async throws -> Int64 {
        try await requireService(input.serviceId, on: db)
        try await requirePractitioner(input.leadPractitionerId, on: db)
        var errors = FieldErrors()
        if input.wholeFamily, person.familyId == nil { errors.add("wholeFamily", "This person has no family to involve") }
        if !errors.isEmpty { throw InvalidInput(errors: errors) }
        return try await db.insert(into: "involvements")
            .columns("service_id", "person_id", "family_id", "start_date", "end_date", "lead_practitioner_id", "lawful_basis", "version")
            .values(SQLBind(input.serviceId), SQLBind(input.wholeFamily ? nil : person.id),
                    SQLBind(input.wholeFamily ? person.familyId : nil), SQLBind(input.startDate.iso),
                    SQLBind(input.endDate?.iso), SQLBind(input.leadPractitionerId), SQLBind(input.basis?.rawValue), SQLBind(1))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    static func update(_ id: Int64, version: Int, _ input: InvolvementInput, on db: any SQLDatabase) async throws {
        try await requireService(input.serviceId, on: db)
        try await requirePractitioner(input.leadPractitionerId, on: db)
        let updated = try await db.raw("""
            UPDATE involvements SET service_id = \(bind: input.serviceId), start_date = \(bind: input.startDate.iso),
                end_date = \(bind: input.endDate?.iso), lead_practitioner_id = \(bind: input.leadPractitionerId),
                version = version + 1
            WHERE id = \(bind: id) AND version = \(bind: version) RETURNING id
            """).first(decodingColumn: "id", as: Int64.self)
        if updated == nil { throw EditConflict(what: "involvement") }
    }

    static func requireService(_ id: Int64, on db: any SQLDatabase) async throws {
        let found = try await db.raw("SELECT id FROM services WHERE id = \(bind: id)").first(decodingColumn: "id", as: Int64.self)
        if found == nil {
            throw InvalidInput("serviceId", "Service \(id) does not exist")
        }
    }

    static func requirePractitioner(_ id: Int64?, on db: any SQLDatabase, field: String = "leadPractitionerId") async throws {
        guard let id else { return }
        let found = try await db.raw("SELECT id FROM practitioners WHERE id = \(bind: id)").first(decodingColumn: "id", as: Int64.self)
        if found == nil {
            throw InvalidInput(field, "Practitioner \(id) does not exist")
        }
    }
}
