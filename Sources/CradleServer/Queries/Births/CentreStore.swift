import SQLKit
import CradleCore

/// A children's centre's registrations and activities.
enum CentreStore {
    struct ActivityRow: Codable, Sendable {
        var id: Int64
        var title: String
        var whenText: String
        var place: String
        var description: String
        var cost: String?
        var howToJoin: String?
        var fromMonths: Int?
        var toMonths: Int?
        var needs: String?

        var details: OfferDetails {
            .stored(cost: cost, howToJoin: howToJoin, fromMonths: fromMonths, toMonths: toMonths, needs: needs, unset: "Ask the centre")
        }
    }

    static let activityColumns = "id, title, when_text, place, description, cost, how_to_join, from_months, to_months, needs"

    static func activities(_ centre: Int64, on db: any SQLDatabase) async throws -> [ActivityRow] {
        try await db.raw("""
            SELECT \(unsafeRaw: activityColumns) FROM centre_activities
            WHERE organisation_id = \(bind: centre) AND active = \(bind: true) ORDER BY id
            """).all(decoding: ActivityRow.self, with: rowDecoder)
    }

    static func activity(_ id: Int64, centre: Int64, on db: any SQLDatabase) async throws -> ActivityRow? {
        try await db.raw("""
            SELECT \(unsafeRaw: activityColumns) FROM centre_activities
            WHERE id = \(bind: id) AND organisation_id = \(bind: centre) AND active = \(bind: true)
            """).first(decoding: ActivityRow.self, with: rowDecoder)
    }

    static func addActivity(_ centre: Int64, _ a: CentreActivityInput, on db: any SQLDatabase) async throws {
        let d = a.details
        try await db.insert(into: "centre_activities")
            .columns("organisation_id", "title", "when_text", "place", "description", "active", "cost", "how_to_join", "from_months", "to_months", "needs")
            .values(SQLBind(centre), SQLBind(a.title), SQLBind(a.when), SQLBind(a.place), SQLBind(a.description), SQLBind(true),
                    SQLBind(d.cost), SQLBind(d.howToJoin), SQLBind(d.fromMonths), SQLBind(d.toMonths), SQLBind(d.needCodes)).run()
    }

    /// Changes an activity of this centre; false when the centre has no such activity running.
    static func updateActivity(_ id: Int64, centre: Int64, _ a: CentreActivityInput, on db: any SQLDatabase) async throws -> Bool {
        let d = a.details
        let changed = try await db.raw("""
            UPDATE centre_activities SET title = \(bind: a.title), when_text = \(bind: a.when), place = \(bind: a.place),
              description = \(bind: a.description), cost = \(bind: d.cost), how_to_join = \(bind: d.howToJoin),
              from_months = \(bind: d.fromMonths), to_months = \(bind: d.toMonths), needs = \(bind: d.needCodes)
            WHERE id = \(bind: id) AND organisation_id = \(bind: centre) AND active = \(bind: true)
            RETURNING id
            """).all()
        return !changed.isEmpty
    }

    /// Takes an activity off the offer and the welcome cards; kept for the record.
    static func withdrawActivity(_ id: Int64, centre: Int64, on db: any SQLDatabase) async throws -> Bool {
        let changed = try await db.raw("""
            UPDATE centre_activities SET active = \(bind: false)
            WHERE id = \(bind: id) AND organisation_id = \(bind: centre) AND active = \(bind: true)
            RETURNING id
            """).all()
        return !changed.isEmpty
    }

    /// The children of these the centre has registered, with the date.
    static func registered(_ centre: Int64, among people: [Int64], on db: any SQLDatabase) async throws -> [Int64: String] {
        guard !people.isEmpty else { return [:] }
        struct Row: Codable { var personId: Int64; var registeredOn: String }
        let rows = try await db.raw("""
            SELECT person_id, registered_on FROM centre_registrations
            WHERE organisation_id = \(bind: centre) AND person_id IN (\(binds: people))
            """).all(decoding: Row.self, with: rowDecoder)
        return Dictionary(rows.map { ($0.personId, $0.registeredOn) }, uniquingKeysWith: { a, _ in a })
    }

    /// Registers a child on the centre's list. Only a child the list offers the centre (born
    /// in its area, with consent) can be registered from it; registering twice is refused.
    static func register(_ centre: Int64, _ input: CentreRegistrationInput, offered: Set<Int64>, by: Int64?, on db: any SQLDatabase) async throws {
        guard offered.contains(input.personId) else {
            throw InvalidInput("personId", "This child is not on your centre's list: only families who consented to share birth details are")
        }
        guard try await registered(centre, among: [input.personId], on: db).isEmpty else {
            throw InvalidInput("personId", "This child is already registered with your centre")
        }
        try await db.insert(into: "centre_registrations").columns("organisation_id", "person_id", "registered_on", "consent_to_store", "registered_by")
            .values(SQLBind(centre), SQLBind(input.personId), SQLBind(input.registeredOn.iso), SQLBind(true), SQLBind(by)).run()
    }
}
