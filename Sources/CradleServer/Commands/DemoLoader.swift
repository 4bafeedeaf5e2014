import Vapor
import Fluent
import SQLKit
import CradleCore

/// Writes a generated demo borough into the store in bulk.
enum DemoLoader {
    static let demoPassword = "cradle-demo-fernmoor"
    static let exampleUser = "health.visitor"

    struct Summary: Sendable { var families = 0, children = 0, people = 0, contacts = 0, seconds = 0.0 }

    /// Loads the demo borough when the store holds nobody yet.
    static func loadIfEmpty(_ app: Application, seed: UInt64, children: Int) async throws {
        let count = try await app.sql.raw("SELECT COUNT(*) AS n FROM people").first(decodingColumn: "n", as: Int.self) ?? 0
        guard count == 0 else { return }
        app.logger.notice("Loading the demo borough (\(children) children)…")
        let s = try await load(app, seed: seed, children: children, progress: true)
        try await DemoEarlyHelp.seed(app)
        try await DemoPersonIndex.seed(app)
        try await DemoFamilyAccess.seed(app)
        try await DemoPartnership.seed(app)
        app.logger.notice("Loaded \(s.children) children in \(s.families) families in \(String(format: "%.1f", s.seconds)) s.")
    }

    static let clearOrder = ["maturity_scores", "family_requests", "family_sign_in_links", "follow_ups", "withdrawal_notices", "centre_activities", "centre_registrations", "birth_lists", "centre_keys", "link_splits", "person_merges", "link_reviews", "source_record_history", "source_records", "link_models",
                             "imports", "source_systems", "programme_offers", "plan_reviews", "plan_actions", "plan_goals", "plan_members", "plans", "panel_actions",
                             "panel_items", "panel_members", "panels", "advice_enquiries", "need_levels", "support_requests", "sessions", "api_tokens", "team_memberships", "break_glass", "consents", "family_accounts", "agreement_parties", "agreements", "notes",
                             "asq_results", "review_sections", "family_journeys", "service_levels", "contacts", "involvements", "addresses", "people",
                             "families", "practitioners", "services", "teams", "postcodes", "small_areas", "organisations", "wards"]

    /// The centres' activities and the services' entries in the local offer.
    static func writeOffer(_ ref: DemoBoroughReference, base: Base, on db: any SQLDatabase) async throws {
        for (c, o) in ref.centreOrganisations.enumerated() {
            for a in DemoOffer.activities(centre: c) { try await CentreStore.addActivity(base.org + Int64(o), a, on: db) }
        }
        for (i, s) in ref.services.enumerated() {
            if let entry = DemoOffer.serviceEntry(s.kind) { try await LocalOfferStore.saveService(base.service(i), entry, on: db) }
        }
    }

    static func clear(_ db: any SQLDatabase) async throws {
        for t in clearOrder { try await db.raw("DELETE FROM \(ident: t)").run() }
    }

    static func nextID(_ table: String, _ db: any SQLDatabase) async throws -> Int64 {
        (try await db.raw("SELECT COALESCE(MAX(id), 0) AS m FROM \(ident: table)").first(decodingColumn: "m", as: Int64.self) ?? 0) + 1
    }

    /// First ids for the reference tables, so rows can point at each other before they are written.
    struct Base: Sendable {
        var ward, area, org, team, service, practitioner: Int64
        func service(_ i: Int) -> Int64 { service + Int64(i) }
        func practitioner(_ i: Int) -> Int64 { practitioner + Int64(i) }
    }

    /// The per-table writers for the family rows, held in a class because the transaction
    /// closure that flushes them may not capture local variables.
    final class Writers: @unchecked Sendable {
        var families = BulkWriter("families", ["id", "name", "version", "created_at"])
        var persons = BulkWriter("people", ["id", "family_id", "kind", "relationship", "given_name", "family_name", "given_key", "family_key",
                                            "sex", "date_of_birth", "expected_delivery_date", "nhs_number", "gestation_weeks",
                                            "birth_weight_grams", "version", "created_at"])
        var addresses = BulkWriter("addresses", ["person_id", "line", "postcode", "from_date", "to_date"])
        var involvements = BulkWriter("involvements", ["service_id", "person_id", "family_id", "start_date", "end_date", "lead_practitioner_id", "version"])
        var contacts = BulkWriter("contacts", ["person_id", "service_id", "practitioner_id", "date", "type", "place", "outcome", "version"])
        var notes = BulkWriter("notes", ["person_id", "author_id", "author_profession", "visibility", "written_on", "body", "version"])
        var consents = BulkWriter("consents", ["person_id", "purpose", "status", "recipient_kinds", "recipient_organisations", "given_by",
                                               "given_on", "expires_on", "method", "recorded_by"])

        func flush(on db: any SQLDatabase) async throws {
            try await families.flush(on: db)
            try await persons.flush(on: db)
            try await addresses.flush(on: db)
            try await involvements.flush(on: db)
            try await contacts.flush(on: db)
            try await notes.flush(on: db)
            try await consents.flush(on: db)
        }
    }

    static func load(_ app: Application, seed: UInt64, children: Int, progress: Bool, today: Day? = nil) async throws -> Summary {
        let started = Date()
        let borough = DemoBorough(seed: seed, children: children, today: today ?? app.settings.today())
        let db = app.sql
        let base = Base(ward: try await nextID("wards", db), area: try await nextID("small_areas", db),
                        org: try await nextID("organisations", db), team: try await nextID("teams", db),
                        service: try await nextID("services", db), practitioner: try await nextID("practitioners", db))
        // One bcrypt hash serves every demo account: hashing thousands would take minutes.
        let hash = try app.password.hash(demoPassword)
        try await app.db.writeTransaction { try await writeReference(borough.reference, base: base, hash: hash, today: borough.today, on: $0) }

        var familyID = try await nextID("families", db)
        var personID = try await nextID("people", db)
        let createdOn = borough.today.iso
        let ref = borough.reference
        var w = Writers()
        var writing: Task<Void, any Error>? = nil
        var summary = Summary()
        let bar = progress ? ProgressBar(total: children, label: "Demo borough") : nil

        for family in borough.families() {
            let fid = familyID
            familyID += 1
            w.families.add([fid, family.name, 1, createdOn])
            var ids: [Int64] = []
            for m in family.members {
                let id = personID
                personID += 1
                ids.append(id)
                w.persons.add([id, fid, m.kind.rawValue, m.relationship.rawValue, m.givenName, m.familyName, nameSearchKey(m.givenName),
                               nameSearchKey(m.familyName), m.sex.rawValue, m.dateOfBirth?.iso, m.expectedDeliveryDate?.iso, m.nhsNumber?.digits,
                               m.gestationWeeks, m.birthWeightGrams, 1, createdOn])
                for a in family.addresses {
                    w.addresses.add([id, a.line, ref.postcodes[a.postcode], a.from.iso, a.to?.iso])
                }
                if m.kind == .child { summary.children += 1 }
            }
            for i in family.involvements {
                w.involvements.add([base.service(i.service), i.member.map { ids[$0] }, i.member == nil ? fid : nil, i.start.iso, i.end?.iso,
                                    i.lead.map(base.practitioner), 1])
            }
            for c in family.contacts {
                w.contacts.add([ids[c.member], base.service(c.service), base.practitioner(c.practitioner), c.date.iso,
                                c.type.rawValue, c.place.rawValue, c.outcome.rawValue, 1])
            }
            for n in family.notes {
                w.notes.add([ids[n.member], base.practitioner(n.author), ref.practitioners[n.author].profession.rawValue,
                             n.visibility.rawValue, n.date.iso, n.body, 1])
            }
            for c in family.consents {
                w.consents.add([ids[c.member], c.purpose.rawValue, c.status.rawValue, OrganisationKind.childrensCentre.rawValue, "",
                                c.givenBy, c.date.iso, nil as String?, c.method.rawValue, base.practitioner(c.recordedBy)])
            }
            summary.families += 1
            summary.people += family.members.count
            summary.contacts += family.contacts.count
            if w.persons.pending >= 40_000 {
                // Write this chunk while the next is generated: the store and the generator
                // then use both cores.
                try await writing?.value
                let full = w
                writing = Task { try await app.db.writeTransaction { try await full.flush(on: $0) } }
                w = Writers()
                bar?.update(summary.children)
            }
        }
        try await writing?.value
        try await app.db.writeTransaction { [w] in try await w.flush(on: $0) }
        bar?.finish(summary.children)
        try await SequenceReset.afterBulkLoad(db, tables: ["wards", "small_areas", "organisations", "teams", "services", "practitioners", "families", "people"])
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    static func writeReference(_ ref: DemoBoroughReference, base: Base, hash: String, today: Day, on db: any SQLDatabase) async throws {
        var wards = BulkWriter("wards", ["id", "code", "name", "locality"])
        for (i, w) in ref.wards.enumerated() { wards.add([base.ward + Int64(i), w.code, w.name, DemoBoroughReference.localities[w.locality]]) }
        try await wards.flush(on: db)
        var orgs = BulkWriter("organisations", ["id", "code", "name", "kind", "address", "phone", "opening_times"])
        for (i, o) in ref.organisations.enumerated() {
            orgs.add([base.org + Int64(i), o.code, o.name, o.kind.rawValue, o.contact?.address, o.contact?.phone, o.contact?.openingTimes])
        }
        try await orgs.flush(on: db)
        var areas = BulkWriter("small_areas", ["id", "code", "name", "ward_id", "centre_organisation_id"])
        for (i, a) in ref.areas.enumerated() {
            areas.add([base.area + Int64(i), a.code, a.name, base.ward + Int64(a.ward), base.org + Int64(ref.centreOrganisations[a.centre])])
        }
        try await areas.flush(on: db)
        var postcodes = BulkWriter("postcodes", ["postcode", "small_area_id"])
        for (i, p) in ref.postcodes.enumerated() { postcodes.add([p, base.area + Int64(ref.postcodeArea[i])]) }
        try await postcodes.flush(on: db)
        var teams = BulkWriter("teams", ["id", "organisation_id", "name", "locality"])
        for (i, t) in ref.teams.enumerated() { teams.add([base.team + Int64(i), base.org + Int64(t.organisation), t.name, t.locality]) }
        try await teams.flush(on: db)
        var services = BulkWriter("services", ["id", "name", "kind", "organisation_id", "team_id"])
        for (i, s) in ref.services.enumerated() {
            services.add([base.service(i), s.name, s.kind.rawValue, base.org + Int64(s.organisation), base.team + Int64(s.team)])
        }
        try await services.flush(on: db)
        try await writeOffer(ref, base: base, on: db)
        var people = BulkWriter("practitioners", ["id", "username", "display_name", "profession", "organisation_id", "team_id",
                                                  "password_hash", "active", "version", "roles"])
        for (i, p) in ref.practitioners.enumerated() {
            people.add([base.practitioner(i), p.username, p.displayName, p.profession.rawValue, base.org + Int64(p.organisation),
                        p.team.map { base.team + Int64($0) }, hash, true, 1, p.roles.map(\.rawValue).joined(separator: ",")])
        }
        try await people.flush(on: db)
        var memberships = BulkWriter("team_memberships", ["practitioner_id", "team_id"])
        for (i, p) in ref.practitioners.enumerated() {
            if let t = p.team { memberships.add([base.practitioner(i), base.team + Int64(t)]) }
        }
        try await memberships.flush(on: db)

        let a = ref.agreement
        _ = try await GovernanceStore.writeAgreement(nil, version: nil, AgreementInput(
            name: a.name, parties: ref.organisations.indices.map { base.org + Int64($0) }, purposes: a.purposes, categories: a.categories,
            lawfulBasis: a.lawfulBasis, status: .operational, start: today.adding(months: -12), end: nil, review: today.adding(months: 6),
            caldicottGuardian: a.caldicottGuardian, siro: a.siro, dpo: a.dpo), on: db)
    }
}
