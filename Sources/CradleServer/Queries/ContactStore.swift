import SQLKit
import CradleCore

/// Contacts and appointments with a child.
enum ContactStore {
    static let columns: SQLQueryString = """
        SELECT c.id, c.person_id, c.service_id, s.name AS service_name, c.practitioner_id,
               pr.display_name AS practitioner_name, c.date, c.type, c.place, c.outcome, c.version
        FROM contacts c JOIN services s ON s.id = c.service_id
        LEFT JOIN practitioners pr ON pr.id = c.practitioner_id
        """

    /// Contacts on or after `since` (all when nil), newest first.
    static func forPerson(_ personId: Int64, since: Day?, on db: any SQLDatabase) async throws -> [ContactRow] {
        let from = since?.iso ?? "0000-00-00"
        return try await db.raw(columns + " WHERE c.person_id = \(bind: personId) AND c.date >= \(bind: from) ORDER BY c.date DESC, c.id DESC")
            .all(decoding: ContactRow.self, with: rowDecoder)
    }

    /// One page of a child's contacts, newest first, optionally of one type and from a day on.
    static func page(_ personId: Int64, _ page: APIPage, since: Day?, type: ContactType?, on db: any SQLDatabase) async throws -> [ContactRow] {
        let kind: SQLQueryString = type.map { " AND c.type = \(bind: $0.rawValue)" } ?? ""
        return try await db.raw(columns + " WHERE c.person_id = \(bind: personId) AND c.date >= \(bind: since?.iso ?? "0000-00-00")" + kind
                                + page.condition(date: "c.date", id: "c.id") + " ORDER BY c.date DESC, c.id DESC" + page.sqlLimit)
            .all(decoding: ContactRow.self, with: rowDecoder)
    }

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> ContactRow? {
        try await db.raw(columns + " WHERE c.id = \(bind: id)").first(decoding: ContactRow.self, with: rowDecoder)
    }

    static func create(_ input: ContactInput, personId: Int64, practitionerId: Int64?, on db: any SQLDatabase) async throws -> Int64 {
        try await InvolvementStore.requireService(input.serviceId, on: db)
        let id = try await db.insert(into: "contacts")
            .columns("person_id", "service_id", "practitioner_id", "date", "type", "place", "outcome", "version")
            .values(SQLBind(personId), SQLBind(input.serviceId), SQLBind(practitionerId), SQLBind(input.date.iso),
                    SQLBind(input.type.rawValue), SQLBind(input.place.rawValue), SQLBind(input.outcome.rawValue), SQLBind(1))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        // A missed immunisation or review goes to the family's centre to follow up, where allowed.
        try await FollowUpStore.fromMissedContact(id, personId: personId, input, on: db)
        return id
    }

    static func update(_ id: Int64, version: Int, _ input: ContactInput, on db: any SQLDatabase) async throws {
        try await InvolvementStore.requireService(input.serviceId, on: db)
        let updated = try await db.raw("""
            UPDATE contacts SET service_id = \(bind: input.serviceId), date = \(bind: input.date.iso), type = \(bind: input.type.rawValue),
                place = \(bind: input.place.rawValue), outcome = \(bind: input.outcome.rawValue), version = version + 1
            WHERE id = \(bind: id) AND version = \(bind: version) RETURNING id
            """).first(decodingColumn: "id", as: Int64.self)
        if updated == nil { throw EditConflict(what: "contact") }
    }
}
