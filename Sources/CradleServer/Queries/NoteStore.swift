import SQLKit
import CradleCore

/// Case notes. The author and their profession are recorded from the session, never the form.
enum NoteStore {
    static let columns: SQLQueryString = """
        SELECT n.id, n.person_id, n.author_id, pr.display_name AS author_name, n.author_profession, pr.organisation_id AS author_organisation, n.visibility,
               n.written_on, n.body, n.version
        FROM notes n JOIN practitioners pr ON pr.id = n.author_id
        """

    static func forPerson(_ personId: Int64, on db: any SQLDatabase) async throws -> [NoteRow] {
        try await db.raw(columns + " WHERE n.person_id = \(bind: personId) ORDER BY n.written_on DESC, n.id DESC")
            .all(decoding: NoteRow.self, with: rowDecoder)
    }

    /// One page of a child's notes, newest first.
    static func page(_ personId: Int64, _ page: APIPage, on db: any SQLDatabase) async throws -> [NoteRow] {
        try await db.raw(columns + " WHERE n.person_id = \(bind: personId)" + page.condition(date: "n.written_on", id: "n.id")
                         + " ORDER BY n.written_on DESC, n.id DESC" + page.sqlLimit)
            .all(decoding: NoteRow.self, with: rowDecoder)
    }

    static func find(_ id: Int64, on db: any SQLDatabase) async throws -> NoteRow? {
        try await db.raw(columns + " WHERE n.id = \(bind: id)").first(decoding: NoteRow.self, with: rowDecoder)
    }

    static func create(_ input: NoteInput, personId: Int64, author: SignedIn, today: Day, on db: any SQLDatabase) async throws -> Int64 {
        try await db.insert(into: "notes")
            .columns("person_id", "author_id", "author_profession", "visibility", "written_on", "body", "version")
            .values(SQLBind(personId), SQLBind(author.actor.practitionerId!), SQLBind(author.actor.profession?.rawValue ?? "unknown"),
                    SQLBind(input.visibility.rawValue), SQLBind(today.iso), SQLBind(input.body), SQLBind(1))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// Only the author may change a note's text or who can read it.
    static func update(_ id: Int64, version: Int, _ input: NoteInput, author: SignedIn, on db: any SQLDatabase) async throws {
        let updated = try await db.raw("""
            UPDATE notes SET body = \(bind: input.body), visibility = \(bind: input.visibility.rawValue), version = version + 1
            WHERE id = \(bind: id) AND version = \(bind: version) AND author_id = \(bind: author.actor.practitionerId ?? -1)
            RETURNING id
            """).first(decodingColumn: "id", as: Int64.self)
        if updated == nil { throw EditConflict(what: "note") }
    }
}
