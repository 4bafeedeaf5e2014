import Vapor
import SQLKit
import CradleCore

/// Evidence-based programme offers to a family: offered, then declined or enrolled, then
/// completed or left early, with an outcome measure.
enum ProgrammeStore {
    struct OfferRow: Codable, Sendable {
        var id: Int64
        var familyId: Int64
        var programme: String
        var status: String
        var offeredOn: String
        var enrolledOn: String?
        var endedOn: String?
        var measure: String?
        var baseline: Double?
        var final: Double?
        var note: String?
        var outsideCriteria: String?
        var offeredByName: String?
        var version: Int

        var programmeName: String { Programme.named(programme)?.name ?? programme }
        var outcome: String? { OfferMove.describe(measure: measure, baseline: baseline, final: final) }
    }

    static func offers(familyId: Int64, on db: any SQLDatabase) async throws -> [OfferRow] {
        try await db.raw("""
            SELECT o.id, o.family_id, o.programme, o.status, o.offered_on, o.enrolled_on, o.ended_on, o.measure, o.baseline, o.final, o.note,
                   o.outside_criteria, p.display_name AS offered_by_name, o.version
            FROM programme_offers o LEFT JOIN practitioners p ON p.id = o.offered_by
            WHERE o.family_id = \(bind: familyId) ORDER BY o.offered_on DESC, o.id DESC
            """).all(decoding: OfferRow.self, with: rowDecoder)
    }

    static func offer(familyId: Int64, _ offer: ProgrammeOffer, by: SignedIn, today: Day, on db: any SQLDatabase) async throws -> Int64 {
        try await db.insert(into: "programme_offers")
            .columns("family_id", "programme", "status", "offered_on", "offered_by", "outside_criteria", "version")
            .values(SQLBind(familyId), SQLBind(offer.programme.code), SQLBind(OfferStatus.offered.rawValue), SQLBind(today.iso),
                    SQLBind(by.actor.practitionerId!), SQLBind(offer.outsideCriteria), SQLBind(1))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// Moves an offer on, only along the allowed steps and at the version the editor saw.
    static func move(offerId: Int64, familyId: Int64, _ m: OfferMove, version: Int, today: Day, on db: any SQLDatabase) async throws {
        guard let current = try await offers(familyId: familyId, on: db).first(where: { $0.id == offerId }) else {
            throw Abort(.notFound, reason: "No offer \(offerId) for this family")
        }
        let from = OfferStatus(rawValue: current.status) ?? .declined
        guard from.canMove(to: m.to) else {
            throw InvalidInput("status", "An offer that is \(from.label.lowercased()) cannot become \(m.to.label.lowercased())")
        }
        let enrolled = m.to == .enrolled ? today.iso : current.enrolledOn
        let ended = [.completed, .leftEarly, .declined].contains(m.to) ? today.iso : nil
        let moved = try await db.raw("""
            UPDATE programme_offers SET status = \(bind: m.to.rawValue), enrolled_on = \(bind: enrolled), ended_on = \(bind: ended),
                measure = \(bind: m.measure), baseline = \(bind: m.baseline), final = \(bind: m.final), note = \(bind: m.note ?? current.note),
                version = version + 1
            WHERE id = \(bind: offerId) AND version = \(bind: version) RETURNING id
            """).first(decodingColumn: "id", as: Int64.self)
        if moved == nil { throw EditConflict(what: "programme offer") }
    }
}
