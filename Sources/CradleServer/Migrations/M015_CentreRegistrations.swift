import Fluent

/// What a children's centre keeps of the families it reaches: registrations (with the family's
/// consent to store their details) and the activities its welcome cards list.
struct M015_CentreRegistrations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("centre_registrations").autoID()
            .field("organisation_id", .int64, .required, .references("organisations", "id"))
            .field("person_id", .int64, .required, .references("people", "id"))
            .field("registered_on", .string, .required)
            .field("consent_to_store", .bool, .required)
            .field("registered_by", .int64, .references("practitioners", "id"))
            .create()
        try await db.index("centre_registrations_person", on: "centre_registrations", "organisation_id", "person_id", unique: true)
        try await db.schema("centre_activities").autoID()
            .field("organisation_id", .int64, .required, .references("organisations", "id"))
            .field("title", .string, .required)
            .field("when_text", .string, .required)
            .field("place", .string, .required)
            .field("description", .string, .required)
            .field("active", .bool, .required)
            .create()
        // A family withdrew consent: the centre is told to erase its copy of that month's list.
        // No personal data: the centre, the month, when.
        try await db.schema("withdrawal_notices").autoID()
            .field("organisation_id", .int64, .required, .references("organisations", "id"))
            .field("period", .string, .required)
            .field("created_at", .string, .required)
            .field("done_at", .string)
            .create()
    }

    func revert(on db: any Database) async throws {
        for t in ["withdrawal_notices", "centre_activities", "centre_registrations"] { try await db.schema(t).delete() }
    }
}

/// Missed immunisations and reviews passed to the family's centre to follow up.
struct M016_FollowUps: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("follow_ups").autoID()
            .field("organisation_id", .int64, .required, .references("organisations", "id"))
            .field("person_id", .int64, .required, .references("people", "id"))
            .field("contact_id", .int64, .required, .references("contacts", "id"))
            .field("reason", .string, .required)
            .field("due_date", .string, .required)
            .field("owner_id", .int64, .references("practitioners", "id"))
            .field("outcome", .string)
            .field("closed_on", .string)
            .field("created_at", .string, .required)
            .create()
        try await db.index("follow_ups_centre", on: "follow_ups", "organisation_id", "closed_on")
    }

    func revert(on db: any Database) async throws { try await db.schema("follow_ups").delete() }
}
