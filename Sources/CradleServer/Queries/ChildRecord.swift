import SQLKit
import CradleCore

/// Everything the child record shows, read in a handful of indexed queries.
struct ChildRecord: Sendable {
    struct ServiceInvolved: Sendable {
        var involvement: InvolvementRow
        var counts: ContactCounts?
    }
    struct Event: Sendable {
        var date: String
        var service: String
        var title: String
        var detail: String
    }

    var person: PersonRow
    var family: [PersonRow]
    var addresses: [AddressRow]
    var services: [ServiceInvolved]
    var chronology: [Event]
    var notes: [NoteRow]
    /// The Healthy Child Programme schedule, from the reviews recorded as attended.
    var schedule: ReviewSchedule
    /// Each recorded review's contact, newest first, to link to its results.
    var reviews: [(review: MandatedReview, contact: ContactRow)]
    var familyAccess: FamilyAccessSummary

    /// The family's own access, as the record shows it: whether anyone in the family can sign in,
    /// when they last looked, requests waiting, and whether this person's address is hidden from them.
    struct FamilyAccessSummary: Decodable, Sendable {
        var lastViewed: String?
        var openRequests: Int
        var accounts: Int
        var addressHidden: Int?

        static func load(person: Int64, family: Int64?, on db: any SQLDatabase) async throws -> FamilyAccessSummary {
            let f = family ?? -1
            return try await db.raw("""
                SELECT (SELECT MAX(last_viewed_at) FROM family_accounts WHERE family_id = \(bind: f)) AS last_viewed,
                       (SELECT COUNT(*) FROM family_requests WHERE family_id = \(bind: f) AND status = 'open') AS open_requests,
                       (SELECT COUNT(*) FROM family_accounts WHERE family_id = \(bind: f)) AS accounts,
                       (SELECT MAX(CASE WHEN hidden_from_family THEN 1 ELSE 0 END) FROM addresses WHERE person_id = \(bind: person) AND to_date IS NULL) AS address_hidden
                """).first(decoding: FamilyAccessSummary.self, with: rowDecoder)!
        }
    }

    static func load(_ id: Int64, today: Day, on db: any SQLDatabase,
                     mayRead: (NoteRow) -> Bool = { _ in false }, involvements inv: [InvolvementRow]) async throws -> ChildRecord? {
        // The person and their family in one read; then addresses, services, contacts and notes.
        let household = try await PersonStore.personAndFamily(id, on: db)
        guard let person = household.first(where: { $0.id == id }) else { return nil }
        let addresses = try await PersonStore.addresses(of: id, on: db)
        let con = try await ContactStore.forPerson(id, since: nil, on: db)
        let nts = try await NoteStore.forPerson(id, on: db).filter(mayRead)

        let counts = ContactCounts.tally(con)
        let services = inv.map { ServiceInvolved(involvement: $0, counts: counts[$0.serviceId]) }
        let since = today.adding(months: -12).iso
        // What happened in the last 12 months; appointments still to come show as "Booked" in the panel.
        var events: [Event] = con.filter { $0.date >= since && $0.date <= today.iso }.map {
            Event(date: $0.date, service: $0.serviceName, title: ContactType(rawValue: $0.type)?.label ?? $0.type,
                  detail: [ContactOutcome(rawValue: $0.outcome)?.label, ContactPlace(rawValue: $0.place)?.label, $0.practitionerName]
                    .compactMap { $0 }.joined(separator: " · "))
        }
        for i in inv {
            if i.startDate >= since {
                events.append(Event(date: i.startDate, service: i.serviceName, title: "Service became involved",
                                    detail: i.leadName.map { "Lead: \($0)" } ?? ""))
            }
            if let end = i.endDate, end >= since, end <= today.iso {
                events.append(Event(date: end, service: i.serviceName, title: "Involvement ended", detail: ""))
            }
        }
        for n in nts where n.writtenOn >= since {
            events.append(Event(date: n.writtenOn, service: Profession(rawValue: n.authorProfession)?.label ?? n.authorProfession,
                                title: "Case note", detail: "By \(n.authorName)"))
        }
        events.sort { $0.date > $1.date }
        let reviews = con.compactMap { c in
            ContactType(rawValue: c.type).flatMap(MandatedReview.init(contactType:)).map { (review: $0, contact: c) }
        }.filter { $0.contact.outcome == ContactOutcome.attended.rawValue }
        let schedule = ReviewSchedule(born: person.dateOfBirth.flatMap { try? Day($0) },
                                      expected: person.expectedDeliveryDate.flatMap { try? Day($0) },
                                      done: ReviewSchedule.firstDone(attended: reviews.map { ($0.contact.type, $0.contact.date) }), today: today)
        return ChildRecord(person: person, family: household.filter { $0.familyId != nil && $0.familyId == person.familyId },
                           addresses: addresses, services: services, chronology: events, notes: nts, schedule: schedule, reviews: reviews,
                           familyAccess: try await FamilyAccessSummary.load(person: id, family: person.familyId, on: db))
    }
}

extension ContactCounts {
    /// Contacts per service: all, attended, missed and booked.
    static func tally(_ contacts: [ContactRow]) -> [Int64: ContactCounts] {
        tally(contacts.map { ($0.serviceId, $0.outcome) })
    }

    static func tally(_ contacts: [(serviceId: Int64, outcome: String)]) -> [Int64: ContactCounts] {
        var out: [Int64: ContactCounts] = [:]
        for c in contacts {
            var t = out[c.serviceId] ?? ContactCounts(serviceId: c.serviceId, total: 0, attended: 0, missed: 0, booked: 0)
            t.total += 1
            switch ContactOutcome(rawValue: c.outcome) {
            case .attended: t.attended += 1
            case .didNotAttend: t.missed += 1
            case .booked: t.booked += 1
            default: break
            }
            out[c.serviceId] = t
        }
        return out
    }
}
