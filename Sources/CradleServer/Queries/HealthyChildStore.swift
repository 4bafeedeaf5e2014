import Foundation
import Fluent
import SQLKit
import CradleCore

/// Healthy Child Programme records: reviews (contacts of a review type), ASQ results, the
/// integrated review's sections, family-led assessments and service levels.
enum HealthyChildStore {
    struct ASQRow: Codable, Sendable {
        var id: Int64
        var contactId: Int64
        var personId: Int64
        var intervalMonths: Int
        var answers: String
        var asqse2Interval: Int?
        var asqse2Total: Int?
        var concerns: String
        var recordedBy: Int64

        var concernList: [Concern] { concerns.split(separator: ",").compactMap { Concern(rawValue: String($0)) } }
        func result(_ cutoffs: ASQCutoffs) -> ASQ3Result { ASQ3Result.score(interval: intervalMonths, answers: ASQ3Result.decode(answers), cutoffs: cutoffs) }
    }

    struct SectionRow: Codable, Sendable {
        var id: Int64
        var contactId: Int64
        var section: String
        var fields: String
        var authorId: Int64
        var authorName: String?
        var authorProfession: String?
        var writtenOn: String
        var version: Int

        var values: [String: String] { (try? JSONDecoder().decode([String: String].self, from: Data(fields.utf8))) ?? [:] }
    }

    struct JourneyRow: Codable, Sendable {
        var id: Int64
        var assessedOn: String
        var ratings: String
        var goodAt: String
        var wantToChange: String
        var lifeWhenDone: String
        var priorities: String
        var actions: String
        var recordedByName: String?

        var ratingValues: [String: Int] { (try? JSONDecoder().decode([String: Int].self, from: Data(ratings.utf8))) ?? [:] }
    }

    struct LevelRow: Codable, Sendable {
        var level: String
        var fromDate: String
        var reason: String
        var setByName: String?
    }

    /// What a review form records.
    struct ReviewInput: Sendable {
        var review: MandatedReview
        var date: Day
        var place: ContactPlace
        var method: String
        var practitionerType: String
        var asq: (interval: Int, answers: [ASQArea: [ASQAnswer?]])?
        var asqSE: Int?
        var concerns: [Concern]
    }

    /// Records a review as an attended contact of the review's type, with the child's open
    /// health-visiting involvement (`involvements`: the child's and family's, open ones first,
    /// newest first) or, failing that, a service of the practitioner's team.
    static func createReview(_ input: ReviewInput, personId: Int64, involvements: [InvolvementRow], by author: SignedIn,
                             on store: any Database) async throws -> Int64 {
        let healthVisiting = involvements.first { $0.serviceKind == ServiceKind.healthVisiting.rawValue && $0.endDate == nil }?.serviceId
        let teamService = healthVisiting == nil ? try await InvolvementStore.firstService(ofTeams: author.actor.teamIds, on: store.sql) : nil
        guard let serviceId = healthVisiting ?? teamService else {
            throw InvalidInput("date", "No health-visiting service is involved with this child to record the review under")
        }
        return try await store.writeTransaction { tx in
            let contactId = try await tx.insert(into: "contacts")
                .columns("person_id", "service_id", "practitioner_id", "date", "type", "place", "outcome", "practitioner_type", "method", "version")
                .values(SQLBind(personId), SQLBind(serviceId), SQLBind(author.actor.practitionerId), SQLBind(input.date.iso),
                        SQLBind(input.review.contactType.rawValue), SQLBind(input.place.rawValue), SQLBind(ContactOutcome.attended.rawValue),
                        SQLBind(input.practitionerType), SQLBind(input.method), SQLBind(1))
                .returning("id").first(decodingColumn: "id", as: Int64.self)!
            if let asq = input.asq {
                try await tx.insert(into: "asq_results")
                    .columns("contact_id", "person_id", "interval_months", "answers", "asqse2_interval", "asqse2_total", "concerns", "recorded_by")
                    .values(SQLBind(contactId), SQLBind(personId), SQLBind(asq.interval), SQLBind(ASQ3Result.encode(asq.answers)),
                            SQLBind(input.asqSE == nil ? nil : asq.interval), SQLBind(input.asqSE),
                            SQLBind(input.concerns.map(\.rawValue).joined(separator: ",")), SQLBind(author.actor.practitionerId!))
                    .run()
            }
            return contactId
        }
    }

    static func asq(contactId: Int64, on db: any SQLDatabase) async throws -> ASQRow? {
        try await db.raw("SELECT * FROM asq_results WHERE contact_id = \(bind: contactId)").first(decoding: ASQRow.self, with: rowDecoder)
    }

    /// A child's ASQ-3 results with the date of the review that recorded each, oldest first.
    static func asqResults(personId: Int64, on db: any SQLDatabase) async throws -> [(row: ASQRow, date: String)] {
        let rows = try await db.raw("""
            SELECT a.*, c.date FROM asq_results a JOIN contacts c ON c.id = a.contact_id
            WHERE a.person_id = \(bind: personId) ORDER BY c.date, a.id
            """).all()
        return try rows.map { (try rowDecoder.decode(ASQRow.self, from: $0), try $0.decode(column: "date", as: String.self)) }
    }

    static func sections(contactId: Int64, on db: any SQLDatabase) async throws -> [SectionRow] {
        try await db.raw("""
            SELECT r.id, r.contact_id, r.section, r.fields, r.author_id, p.display_name AS author_name,
                   p.profession AS author_profession, r.written_on, r.version
            FROM review_sections r LEFT JOIN practitioners p ON p.id = r.author_id
            WHERE r.contact_id = \(bind: contactId) ORDER BY r.id
            """).all(decoding: SectionRow.self, with: rowDecoder)
    }

    /// Saves a section of the integrated review. A new section is inserted; an existing one
    /// is replaced only at the version the editor saw, and its author becomes the editor.
    static func saveSection(contactId: Int64, section: String, fields: [String: String], version: Int?, author: SignedIn,
                            today: Day, on db: any SQLDatabase) async throws {
        let json = String(decoding: try JSONEncoder().encode(fields), as: UTF8.self)
        if let version {
            let updated = try await db.raw("""
                UPDATE review_sections SET fields = \(bind: json), author_id = \(bind: author.actor.practitionerId!),
                       author_organisation_id = \(bind: author.actor.organisationId), written_on = \(bind: today.iso), version = version + 1
                WHERE contact_id = \(bind: contactId) AND section = \(bind: section) AND version = \(bind: version)
                RETURNING id
                """).all()
            if updated.isEmpty { throw EditConflict(what: "section") }
            return
        }
        let existing = try await db.raw("SELECT id FROM review_sections WHERE contact_id = \(bind: contactId) AND section = \(bind: section)").all()
        if !existing.isEmpty { throw EditConflict(what: "section") }
        try await db.insert(into: "review_sections")
            .columns("contact_id", "section", "fields", "author_id", "author_organisation_id", "written_on", "version")
            .values(SQLBind(contactId), SQLBind(section), SQLBind(json), SQLBind(author.actor.practitionerId!),
                    SQLBind(author.actor.organisationId), SQLBind(today.iso), SQLBind(1))
            .run()
    }

    static func journeys(familyId: Int64, on db: any SQLDatabase) async throws -> [JourneyRow] {
        try await db.raw("""
            SELECT j.id, j.assessed_on, j.ratings, j.good_at, j.want_to_change, j.life_when_done, j.priorities, j.actions,
                   p.display_name AS recorded_by_name
            FROM family_journeys j LEFT JOIN practitioners p ON p.id = j.recorded_by
            WHERE j.family_id = \(bind: familyId) ORDER BY j.assessed_on, j.id
            """).all(decoding: JourneyRow.self, with: rowDecoder)
    }

    static func addJourney(_ j: FamilyJourney, familyId: Int64, by author: SignedIn, on db: any SQLDatabase) async throws {
        let ratings = String(decoding: try JSONEncoder().encode(j.ratings), as: UTF8.self)
        try await db.insert(into: "family_journeys")
            .columns("family_id", "assessed_on", "ratings", "good_at", "want_to_change", "life_when_done", "priorities", "actions", "recorded_by")
            .values(SQLBind(familyId), SQLBind(j.date.iso), SQLBind(ratings), SQLBind(j.goodAt), SQLBind(j.wantToChange),
                    SQLBind(j.lifeWhenDone), SQLBind(j.priorities.joined(separator: "\n")), SQLBind(j.actions), SQLBind(author.actor.practitionerId!))
            .run()
    }

    static func levels(familyId: Int64, on db: any SQLDatabase) async throws -> [LevelRow] {
        try await db.raw("""
            SELECT l.level, l.from_date, l.reason, p.display_name AS set_by_name
            FROM service_levels l LEFT JOIN practitioners p ON p.id = l.set_by
            WHERE l.family_id = \(bind: familyId) ORDER BY l.from_date DESC, l.id DESC
            """).all(decoding: LevelRow.self, with: rowDecoder)
    }

    static func setLevel(_ level: HVServiceLevel, reason: String, familyId: Int64, today: Day, by author: SignedIn, on db: any SQLDatabase) async throws {
        try await db.insert(into: "service_levels")
            .columns("family_id", "level", "from_date", "reason", "set_by")
            .values(SQLBind(familyId), SQLBind(level.rawValue), SQLBind(today.iso), SQLBind(reason), SQLBind(author.actor.practitionerId!))
            .run()
    }
}
