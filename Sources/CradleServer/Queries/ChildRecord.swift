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

    static func load(_ id: Int64, today: Day, on db: any SQLDatabase) async throws -> ChildRecord? {
        guard let person = try await PersonStore.person(id, on: db) else { return nil }
        let familyId = person.familyId ?? -1
        async let family = PersonStore.members(ofFamily: familyId, on: db)
        async let addresses = PersonStore.addresses(of: id, on: db)
        async let involvements = InvolvementStore.forPerson(person, on: db)
        async let counts = InvolvementStore.contactCounts(personId: id, on: db)
        let since = today.adding(months: -12)
        async let contacts = ContactStore.forPerson(id, since: since, on: db)
        async let notes = NoteStore.forPerson(id, on: db)

        let (inv, cnt, con, nts) = try await (involvements, counts, contacts, notes)
        let services = inv.map { ServiceInvolved(involvement: $0, counts: cnt[$0.serviceId]) }
        var events: [Event] = con.map {
            Event(date: $0.date, service: $0.serviceName, title: ContactType(rawValue: $0.type)?.label ?? $0.type,
                  detail: [ContactOutcome(rawValue: $0.outcome)?.label, ContactPlace(rawValue: $0.place)?.label, $0.practitionerName]
                    .compactMap { $0 }.joined(separator: " · "))
        }
        for i in inv {
            if i.startDate >= since.iso {
                events.append(Event(date: i.startDate, service: i.serviceName, title: "Service became involved",
                                    detail: i.leadName.map { "Lead: \($0)" } ?? ""))
            }
            if let end = i.endDate, end >= since.iso, end <= today.iso {
                events.append(Event(date: end, service: i.serviceName, title: "Involvement ended", detail: ""))
            }
        }
        for n in nts where n.writtenOn >= since.iso {
            events.append(Event(date: n.writtenOn, service: Profession(rawValue: n.authorProfession)?.label ?? n.authorProfession,
                                title: "Case note", detail: "By \(n.authorName)"))
        }
        events.sort { $0.date > $1.date }
        return ChildRecord(person: person, family: try await family, addresses: try await addresses,
                           services: services, chronology: events, notes: nts)
    }
}
