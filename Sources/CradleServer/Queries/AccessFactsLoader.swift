import SQLKit
import Foundation
import CradleCore

/// Gathers what the policy needs to know about an actor and a record: open involvements
/// (relationships and whose data it is), consent, live agreements, break-glass, the note.
enum AccessFactsLoader {
    struct InvolvedRow: Decodable {
        var serviceName: String
        var teamId: Int64?
        var organisationId: Int64
        var leadPractitionerId: Int64?
    }

    /// Facts, and for a person their household's involvements, read to find them (the record
    /// page shows the same rows). `known`: a household this request has already read.
    static func loadWithInvolvements(_ actor: Actor, _ resource: Resource, today: Day, agreements cache: AgreementCache,
                                     proposal: InvolvementProposal? = nil, known: HouseholdInvolvements? = nil,
                                     on db: any SQLDatabase) async throws -> (facts: AccessFacts, household: HouseholdInvolvements?) {
        var facts = AccessFacts(today: today)
        if let me = actor.practitionerId { facts.earlyHelp = try await earlyHelpFacts(me, resource, on: db) }
        if resource.category == .aggregateReport, actor.roles.contains(.localityManager) {
            facts.actorLocality = try await db.raw("""
                SELECT MIN(t.locality) AS locality FROM teams t JOIN team_memberships tm ON tm.team_id = t.id
                WHERE tm.practitioner_id = \(bind: actor.practitionerId ?? -1)
                """).first(decodingColumn: "locality", as: String?.self) ?? nil
        }
        if resource.category == .involvement, resource.itemId != nil || proposal != nil {
            facts.involvement = try await involvementFact(resource.itemId, proposal, actor: actor, personId: resource.personId, today: today, on: db)
        }
        if resource.category == .localOffer, let service = resource.itemId {
            facts.serviceTeamId = try await db.raw("SELECT team_id FROM services WHERE id = \(bind: service)")
                .first(decodingColumn: "team_id", as: Int64?.self) ?? nil
            return (facts, nil)
        }
        if actor.readsForPractice != nil, let personId = resource.personId {
            facts.registeredPractice = try await db.raw("SELECT gp_practice FROM people WHERE id = \(bind: personId)")
                .first(decodingColumn: "gp_practice", as: String?.self) ?? nil
            return (facts, nil)
        }
        if actor.familyMember != nil {
            if let personId = resource.personId {
                struct Row: Decodable { var familyId: Int64?; var kind: String }
                let row = try await db.raw("SELECT family_id, kind FROM people WHERE id = \(bind: personId)").first(decoding: Row.self, with: rowDecoder)
                facts.personFamilyId = row?.familyId
                facts.personIsChild = row?.kind == PersonKind.child.rawValue
            }
            return (facts, nil)
        }
        guard actor.isSignedIn, resource.personId != nil || resource.familyId != nil || resource.noteId != nil else { return (facts, nil) }
        var personId = resource.personId
        if let noteId = resource.noteId, let note = try await noteFact(noteId, on: db) {
            facts.note = note.fact
            personId = personId ?? note.personId
        }
        let involved: [InvolvedRow]
        var household: HouseholdInvolvements? = known
        func open(_ rows: [InvolvementRow]) -> [InvolvedRow] {
            rows.filter { $0.endDate.map { $0 >= today.iso } ?? true }.map {
                InvolvedRow(serviceName: $0.serviceName, teamId: $0.teamId, organisationId: $0.organisationId, leadPractitionerId: $0.leadPractitionerId)
            }
        }
        if let personId {
            var rows = known?.of(person: personId)
            if rows == nil {
                household = try await InvolvementStore.household(of: personId, on: db)
                rows = household?.of(person: personId)
            }
            involved = open(rows ?? [])
        } else if let familyId = resource.familyId, let rows = known?.of(family: familyId) {
            involved = open(rows)
        } else {
            let familyId = resource.familyId ?? -1
            // The family's own involvements, then its members' (each once): two branches that
            // each use an index, where one OR of the two made PostgreSQL scan every involvement.
            involved = try await db.raw("""
                SELECT s.name AS service_name, s.team_id, s.organisation_id, i.lead_practitioner_id
                FROM involvements i JOIN services s ON s.id = i.service_id
                WHERE i.family_id = \(bind: familyId) AND (i.end_date IS NULL OR i.end_date >= \(bind: today.iso))
                UNION ALL
                SELECT s.name AS service_name, s.team_id, s.organisation_id, i.lead_practitioner_id
                FROM people p JOIN involvements i ON i.person_id = p.id JOIN services s ON s.id = i.service_id
                WHERE p.family_id = \(bind: familyId) AND (i.family_id IS NULL OR i.family_id <> \(bind: familyId))
                  AND (i.end_date IS NULL OR i.end_date >= \(bind: today.iso))
                """).all(decoding: InvolvedRow.self, with: rowDecoder)
        }
        facts.dataOrganisations = Array(Set(involved.map(\.organisationId))).sorted()
        for i in involved {
            if let lead = i.leadPractitionerId, lead == actor.practitionerId { facts.relationships.append(.leadProfessional(service: i.serviceName)) }
            if let team = i.teamId, actor.teamIds.contains(team) { facts.relationships.append(.teamInvolved(service: i.serviceName)) }
        }
        if facts.relationships.isEmpty, let org = actor.organisationId {
            facts.relationships += try await registrations(org, personId: personId, familyId: resource.familyId, on: db)
        }
        let crossOrganisation = facts.dataOrganisations.contains { $0 != actor.organisationId }
        // Assessments may need the family's consent even where there is a relationship.
        let assessment = resource.category == .assessment || resource.category == .settingSection
        if crossOrganisation || facts.relationships.isEmpty || facts.note != nil || assessment {
            facts.agreements = try await cache.live(for: actor.organisationId ?? -1, today: today, on: db)
        }
        guard facts.relationships.isEmpty || facts.note != nil || assessment else { return (facts, household) }
        facts.actorOrganisationKind = try await cache.kind(of: actor.organisationId ?? -1, on: db)
        if let personId {
            facts.consents = try await GovernanceStore.currentConsents(personId: personId, on: db)
            facts.breakGlass = try await GovernanceStore.activeBreakGlass(actor: actor.practitionerId ?? -1, personId: personId, on: db)
        } else if let familyId = resource.familyId {
            facts.consents = try await GovernanceStore.currentConsents(familyId: familyId, on: db)
        }
        return (facts, household)
    }

    /// The family's registration with the actor's children's centre (any member of the
    /// family, with consent to keep their details).
    static func registrations(_ org: Int64, personId: Int64?, familyId: Int64?, on db: any SQLDatabase) async throws -> [CareRelationship] {
        let family: SQLQueryString = personId.map { "(SELECT family_id FROM people WHERE id = \(bind: $0))" } ?? "\(bind: familyId ?? -1)"
        return try await db.raw("""
            SELECT o.name FROM centre_registrations r JOIN organisations o ON o.id = r.organisation_id
            WHERE r.organisation_id = \(bind: org) AND r.consent_to_store
              AND (r.person_id = \(bind: personId ?? -1) OR r.person_id IN (SELECT id FROM people WHERE family_id = \(family)))
            LIMIT 1
            """).all(decodingColumn: "name", as: String.self).map { .registeredWithCentre(centre: $0) }
    }

    /// The involvement being changed (its team and lead) and the service proposed.
    /// For a universal service's basis, also whose child it is: where the child lives, the
    /// locality the team serves, the child's and the actor's GP practice, the child's age.
    static func involvementFact(_ id: Int64?, _ proposal: InvolvementProposal?, actor: Actor, personId: Int64?, today: Day,
                                on db: any SQLDatabase) async throws -> InvolvementFact {
        var f = InvolvementFact(basis: proposal?.basis)
        var current = proposal?.current
        if current == nil, let id { current = try await InvolvementStore.find(id, on: db) }
        if let i = current {
            f.teamId = i.teamId
            f.leadPractitionerId = i.leadPractitionerId
        }
        if let service = proposal?.serviceId { f.proposedTeamId = try await InvolvementStore.team(ofService: service, on: db) }
        guard proposal?.basis == .universalService, let personId else { return f }
        struct Child: Decodable { var dateOfBirth: String?; var gpPractice: String?; var locality: String? }
        if let c = try await db.raw("""
            SELECT p.date_of_birth, p.gp_practice,
                   (SELECT MIN(w.locality) FROM addresses a JOIN postcodes pc ON pc.postcode = a.postcode
                    JOIN small_areas sa ON sa.id = pc.small_area_id JOIN wards w ON w.id = sa.ward_id
                    WHERE a.person_id = p.id AND a.to_date IS NULL) AS locality
            FROM people p WHERE p.id = \(bind: personId)
            """).first(decoding: Child.self, with: rowDecoder) {
            f.childLocality = c.locality
            f.childPractice = c.gpPractice
            f.unborn = c.dateOfBirth == nil
            f.ageInDays = c.dateOfBirth.flatMap { try? Day($0) }.map { today.ordinal - $0.ordinal }
        }
        if let team = f.proposedTeamId {
            f.teamLocality = try await db.raw("SELECT locality FROM teams WHERE id = \(bind: team)").first(decodingColumn: "locality", as: String?.self) ?? nil
        }
        f.actorPractice = try await db.raw("SELECT code FROM organisations WHERE id = \(bind: actor.organisationId ?? -1)")
            .first(decodingColumn: "code", as: String.self)
        return f
    }

    /// The actor's part in the request, panel or plan being read.
    static func earlyHelpFacts(_ me: Int64, _ resource: Resource, on db: any SQLDatabase) async throws -> EarlyHelpFacts {
        var eh = EarlyHelpFacts()
        switch resource.category {
        case .supportRequest:
            guard let id = resource.itemId else { break }
            let referrer = try await db.raw("SELECT referrer_id FROM support_requests WHERE id = \(bind: id)")
                .first(decodingColumn: "referrer_id", as: Int64?.self) ?? nil
            eh.isReferrer = referrer == me
        case .panelAgenda:
            guard let id = resource.itemId else { break }
            (eh.panelMember, eh.familyOnAgenda) = try await PanelStore.membership(panelId: id, practitionerId: me, familyId: resource.familyId, on: db)
        case .familyPlan:
            guard let id = resource.itemId else { break }
            eh.planRole = try await PlanStore.role(of: me, planId: id, familyId: nil, on: db)
        case .earlyHelpFamily:
            guard let family = resource.familyId else { break }
            eh.planRole = try await PlanStore.role(of: me, planId: nil, familyId: family, on: db)
        default:
            break
        }
        return eh
    }

    static func noteFact(_ id: Int64, on db: any SQLDatabase) async throws -> (fact: NoteFact, personId: Int64)? {
        struct Row: Decodable { var personId: Int64; var authorId: Int64; var authorProfession: String; var organisationId: Int64; var visibility: String }
        guard let r = try await db.raw("""
            SELECT n.person_id, n.author_id, n.author_profession, p.organisation_id, n.visibility
            FROM notes n JOIN practitioners p ON p.id = n.author_id WHERE n.id = \(bind: id)
            """).first(decoding: Row.self, with: rowDecoder) else { return nil }
        return (NoteFact(authorId: r.authorId, authorProfession: Profession(rawValue: r.authorProfession), authorOrganisation: r.organisationId,
                         visibility: NoteVisibility(rawValue: r.visibility) ?? .profession), r.personId)
    }
}
