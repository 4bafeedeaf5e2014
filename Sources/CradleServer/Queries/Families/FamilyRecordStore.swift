import Foundation
import SQLKit
import CradleCore

/// What a family sees of its own record: its members with their addresses (one hidden for
/// someone's safety only where the rules let the viewer see it), who is involved, reviews,
/// who has looked and why, consent, its journey, its plan and its requests. Never notes.
struct FamilyRecord: Sendable {
    struct Member: Sendable {
        var person: PersonRow
        var address: AddressRow?
        var schedule: ReviewSchedule?
        var consents: [GovernanceStore.ConsentRow]
    }
    /// One allowed access by a practitioner, or by a system such as a GP practice's (named in
    /// the entry's detail).
    struct Look: Codable, Sendable {
        var seq: Int64
        var at: String
        var action: String
        var category: String
        var purpose: String
        var decision: String
        var personId: Int64?
        var displayName: String?
        var profession: String?
        var organisation: String?
        var detail: String?

        func who(seesNames: Bool) -> String {
            guard let profession, let displayName else {
                let system = detail.flatMap { $0.split(separator: ":").first }.map { String($0.dropFirst("system client ".count)) }
                return "A computer system" + (system.map { " (\($0))" } ?? "")
            }
            return FamilyRecordView.who(profession, organisation, displayName, seesNames: seesNames)
        }
    }
    struct BreakGlass: Codable, Sendable {
        var id: Int64
        var personId: Int64
        var reason: String
        var startedAt: String
        var reviewOutcome: String?
        var displayName: String
        var profession: String
        var organisation: String?
    }
    struct Plan: Sendable {
        var plan: PlanStore.PlanRow
        var goals: [PlanStore.GoalRow]
        var actions: [PlanStore.ActionRow]
    }

    var familyId: Int64
    var familyName: String
    var members: [Member]
    var involvements: [InvolvementRow]
    /// Each service's appointments with the family's members: attended, missed, booked.
    var appointments: [Int64: ContactCounts]
    var looks: [Look]
    var breakGlass: [BreakGlass]
    var journeys: [HealthyChildStore.JourneyRow]
    var plans: [Plan]
    var requests: [FamilyRequestStore.Row]
    var agreements: [GovernanceStore.AgreementRow]
    /// Organisations' names, for the consents that name them.
    var organisations: [Int64: String]

    var children: [Member] { members.filter { $0.person.kind == PersonKind.child.rawValue } }
    func name(of person: Int64?) -> String? { members.first { $0.person.id == person }?.person.fullName }
}

enum FamilyRecordStore {
    /// How many entries of who looked the page shows; the download holds them all.
    static let recentLooks = 100

    static func load(_ viewer: FamilyMember, today: Day, allLooks: Bool = false, on db: any SQLDatabase) async throws -> FamilyRecord? {
        guard let family = try await PersonStore.family(viewer.familyId, on: db) else { return nil }
        let people = try await PersonStore.members(ofFamily: viewer.familyId, on: db)
        let ids = people.map(\.id)
        guard !ids.isEmpty else { return nil }
        let addresses = try await currentAddresses(ids, on: db)
        let viewerHome = addresses[viewer.personId].map { AddressSafety.Address(line: $0.row.line, postcode: $0.row.postcode) }
        let reviews = Dictionary(grouping: try await ScheduleQueries.reviews(of: ids, on: db), by: \.personId)
        let consents = try await GovernanceStore.consentHistory(familyId: viewer.familyId, on: db)
        var members: [FamilyRecord.Member] = []
        for p in people {
            let shown = addresses[p.id].flatMap { a in
                AddressSafety.visible(AddressSafety.Address(line: a.row.line, postcode: a.row.postcode), hidden: a.hidden,
                                      of: p.id, to: viewer.personId, viewerHome: viewerHome) ? a.row : nil
            }
            let schedule = p.kind == PersonKind.child.rawValue
                ? ReviewSchedule(born: p.born, expected: p.due, done: ReviewSchedule.firstDone(attended: (reviews[p.id] ?? []).map { ($0.type, $0.date) }), today: today)
                : nil
            members.append(FamilyRecord.Member(person: p, address: shown, schedule: schedule, consents: consents[p.id] ?? []))
        }
        let household = try await InvolvementStore.household(of: ids[0], on: db)
        var plans: [FamilyRecord.Plan] = []
        for plan in try await PlanStore.forFamily(viewer.familyId, on: db) {
            plans.append(FamilyRecord.Plan(plan: plan, goals: try await PlanStore.goals(plan.id, on: db), actions: try await PlanStore.actions(plan.id, on: db)))
        }
        let organisations = Set((household.of(family: viewer.familyId) ?? []).map(\.organisationId))
        return FamilyRecord(
            familyId: family.id, familyName: family.name, members: members,
            involvements: household.of(family: viewer.familyId) ?? [],
            appointments: try await appointments(ids, on: db),
            looks: try await looks(family: viewer.familyId, people: ids, limit: allLooks ? nil : recentLooks, on: db),
            breakGlass: try await breakGlass(people: ids, on: db),
            journeys: try await HealthyChildStore.journeys(familyId: viewer.familyId, on: db),
            plans: plans, requests: try await FamilyRequestStore.forFamily(viewer.familyId, on: db),
            agreements: try await GovernanceStore.agreements(on: db).filter { a, parties in
                a.status == AgreementStatus.operational.rawValue && parties.contains(where: organisations.contains)
            }.map(\.0),
            organisations: Dictionary(try await Directory.organisations(on: db).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }

    static func appointments(_ people: [Int64], on db: any SQLDatabase) async throws -> [Int64: ContactCounts] {
        struct Row: Decodable { var serviceId: Int64; var outcome: String }
        let rows = try await db.raw("SELECT service_id, outcome FROM contacts WHERE person_id IN (\(binds: people))").all(decoding: Row.self, with: rowDecoder)
        return ContactCounts.tally(rows.map { ($0.serviceId, $0.outcome) })
    }

    struct CurrentAddress: Decodable { var personId: Int64; var hiddenFromFamily: Bool?; var id: Int64; var line: String?; var postcode: String; var fromDate: String }

    static func currentAddresses(_ people: [Int64], on db: any SQLDatabase) async throws -> [Int64: (row: AddressRow, hidden: Bool)] {
        let rows = try await db.raw("""
            SELECT person_id, hidden_from_family, id, line, postcode, from_date FROM addresses
            WHERE person_id IN (\(binds: people)) AND to_date IS NULL ORDER BY from_date, id
            """).all(decoding: CurrentAddress.self, with: rowDecoder)
        var out: [Int64: (row: AddressRow, hidden: Bool)] = [:]
        for r in rows {
            out[r.personId] = (AddressRow(id: r.id, line: r.line, postcode: r.postcode, fromDate: r.fromDate, toDate: nil), r.hiddenFromFamily ?? false)
        }
        return out
    }

    /// Allowed access to the family or any member by practitioners and systems, newest first.
    static func looks(family: Int64, people: [Int64], limit: Int?, on db: any SQLDatabase) async throws -> [FamilyRecord.Look] {
        let select: SQLQueryString = """
            SELECT e.seq, e.at, e.action, e.category, e.purpose, e.decision, e.person_id, pr.display_name, pr.profession,
                   o.name AS organisation, e.detail
            FROM audit_events e LEFT JOIN practitioners pr ON pr.id = e.actor_id LEFT JOIN organisations o ON o.id = pr.organisation_id
            """
        // Practitioners and systems; not the family's own visits.
        let allowed: SQLQueryString = "e.decision IN ('allow', 'break_glass') AND (e.actor_id IS NOT NULL OR e.detail LIKE 'system client %')"
        let limitClause: SQLQueryString = limit.map { "LIMIT \(unsafeRaw: String($0))" } ?? ""
        // Two indexed branches, the family's entries and each member's, rather than one OR.
        return try await db.raw(select + " WHERE e.person_id IN (\(binds: people)) AND " + allowed + " UNION " + select
                                + " WHERE e.family_id = \(bind: family) AND " + allowed + " ORDER BY seq DESC " + limitClause)
            .all(decoding: FamilyRecord.Look.self, with: rowDecoder)
    }

    static func breakGlass(people: [Int64], on db: any SQLDatabase) async throws -> [FamilyRecord.BreakGlass] {
        try await db.raw("""
            SELECT b.id, b.person_id, b.reason, b.started_at, b.review_outcome, pr.display_name, pr.profession, o.name AS organisation
            FROM break_glass b JOIN practitioners pr ON pr.id = b.practitioner_id LEFT JOIN organisations o ON o.id = pr.organisation_id
            WHERE b.person_id IN (\(binds: people)) ORDER BY b.started_at DESC
            """).all(decoding: FamilyRecord.BreakGlass.self, with: rowDecoder)
    }

    /// Hides or shows an address to the rest of the family; false when the person has no current address.
    static func setHidden(person: Int64, _ hidden: Bool, on db: any SQLDatabase) async throws -> Bool {
        !(try await db.raw("""
            UPDATE addresses SET hidden_from_family = \(bind: hidden) WHERE person_id = \(bind: person) AND to_date IS NULL RETURNING id
            """).all()).isEmpty
    }
}
