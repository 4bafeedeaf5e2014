import Foundation
import SQLKit
import CradleCore

/// What a birth or antenatal notification does beyond linking its people: records the family's
/// answer on sharing with children's centres as a decision by the feed, and turns an antenatal
/// booking's unborn child into the baby when the birth arrives.
enum NotificationStore {
    static let purpose = ConsentPurpose.birthDetailsToChildrensCentres.rawValue

    /// Records each answer that says something new for this source (see `FeedConsent.decision`).
    /// A "no" after the feed's own "yes" is a withdrawal: the centre is told to erase its copy.
    /// `fresh` are people made by the same write, who can have no decision stored yet.
    static func recordAnswers(_ answers: [(person: Int64, item: SourceRecordStore.Item)], source: Int64, fresh: Set<Int64> = [],
                              on db: any SQLDatabase) async throws {
        guard !answers.isEmpty else { return }
        var last: [Int64: ConsentStatus] = [:]
        struct Row: Codable { var personId: Int64; var status: String }
        for chunk in answers.map(\.person).filter({ !fresh.contains($0) }).chunks(of: 500) {
            let rows = try await db.raw("""
                SELECT person_id, status FROM consents
                WHERE recorded_by_source = \(bind: source) AND purpose = \(bind: purpose) AND person_id IN (\(binds: chunk)) ORDER BY id
                """).all(decoding: Row.self, with: rowDecoder)
            for r in rows { last[r.personId] = ConsentStatus(rawValue: r.status) }
        }
        var rows = BulkWriter("consents", ["person_id", "purpose", "status", "recipient_kinds", "recipient_organisations", "given_by",
                                           "given_on", "expires_on", "method", "recorded_by", "recorded_by_source"])
        var withdrawn: [Int64] = []
        for (person, item) in answers {
            guard let answer = item.consent, let status = answer.decision(lastFromSource: last[person]) else { continue }
            last[person] = status
            rows.add([person, purpose, status.rawValue, OrganisationKind.childrensCentre.rawValue, "", item.consentGivenBy,
                      answer.date.iso, nil as String?, answer.method.rawValue, nil as Int64?, source])
            if status == .withdrawn { withdrawn.append(person) }
        }
        try await rows.flush(on: db)
        for person in withdrawn { try await BirthListStore.noticeWithdrawal(personId: person, on: db) }
    }

    /// A baby born into a household that holds an unborn child due within the weeks a birth can
    /// come (16 weeks early to 4 weeks late) is that child: the booking's record is merged into
    /// the baby's, bringing its consent, address and services with it. Twins complete one
    /// booking; the second baby keeps a record of their own.
    static func completeBookings(_ born: [Int64], familyOf: [Int64: Int64?], at: String, on db: any SQLDatabase) async throws {
        let families = Set(born.compactMap { familyOf[$0] ?? nil })
        guard !families.isEmpty else { return }
        struct Unborn: Codable { var id: Int64; var familyId: Int64; var expectedDeliveryDate: String }
        var unborn: [Int64: [Unborn]] = [:]
        for chunk in Array(families).chunks(of: 500) {
            let rows = try await db.raw("""
                SELECT id, family_id, expected_delivery_date FROM people
                WHERE family_id IN (\(binds: chunk)) AND kind = 'child' AND date_of_birth IS NULL
                  AND expected_delivery_date IS NOT NULL AND merged_into IS NULL ORDER BY id
                """).all(decoding: Unborn.self, with: rowDecoder)
            for r in rows { unborn[r.familyId, default: []].append(r) }
        }
        guard !unborn.isEmpty else { return }
        struct Born: Codable { var id: Int64; var dateOfBirth: String }
        let babies = try await db.raw("SELECT id, date_of_birth FROM people WHERE id IN (\(binds: born.filter { (familyOf[$0] ?? nil).map { unborn[$0] != nil } ?? false }))")
            .all(decoding: Born.self, with: rowDecoder)
        var completed: Set<Int64> = []
        for baby in babies.sorted(by: { $0.id < $1.id }) {
            guard let family = familyOf[baby.id] ?? nil, let dob = try? Day(baby.dateOfBirth) else { continue }
            let match = unborn[family]?.first { u in
                guard !completed.contains(u.id), let due = try? Day(u.expectedDeliveryDate) else { return false }
                return BookingMatch.born(on: dob, due: due)
            }
            guard let match else { continue }
            completed.insert(match.id)
            _ = try await MergeStore.merge(kept: baby.id, merged: match.id, reason: "Born: the antenatal booking's unborn child",
                                           by: nil, at: at, on: db)
        }
    }
}
