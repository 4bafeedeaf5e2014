import SQLKit
import CradleCore

/// Reads the local offer: every centre, running activity, service entry and programme, each
/// placed by the reach areas its organisation covers.
enum LocalOfferStore {
    struct CentreRow: Decodable { var id: Int64; var name: String; var address: String?; var phone: String?; var openingTimes: String? }
    struct ActivityRow: Decodable {
        var organisationId: Int64
        var provider: String
        var activity: CentreStore.ActivityRow
        init(from decoder: any Decoder) throws {
            struct Head: Decodable { var organisationId: Int64; var provider: String }
            let head = try Head(from: decoder)
            organisationId = head.organisationId
            provider = head.provider
            activity = try CentreStore.ActivityRow(from: decoder)
        }
    }
    struct ServiceRow: Decodable {
        var id: Int64
        var name: String
        var organisationId: Int64
        var provider: String
        var teamLocality: String?
        var offerDescription: String
        var offerWhen: String?
        var offerPlace: String?
        var offerCost: String?
        var offerHowToJoin: String?
        var offerFromMonths: Int?
        var offerToMonths: Int?
        var offerNeeds: String?

        var details: OfferDetails {
            .stored(cost: offerCost, howToJoin: offerHowToJoin, fromMonths: offerFromMonths, toMonths: offerToMonths, needs: offerNeeds,
                    unset: "Ask the service")
        }
    }
    struct AreaRow: Decodable { var centreOrganisationId: Int64; var wardId: Int64; var locality: String }

    /// Where a postcode lies by the reach-area lookup, or nil when the lookup does not hold it.
    static func home(_ postcode: Postcode, on db: any SQLDatabase) async throws -> OfferHome? {
        struct Row: Decodable { var centreOrganisationId: Int64?; var wardId: Int64; var locality: String }
        return try await db.raw("""
            SELECT sa.centre_organisation_id, sa.ward_id, w.locality
            FROM postcodes pc JOIN small_areas sa ON sa.id = pc.small_area_id JOIN wards w ON w.id = sa.ward_id
            WHERE pc.postcode = \(bind: postcode.normalised)
            """).first(decoding: Row.self, with: rowDecoder)
            .map { OfferHome(centreId: $0.centreOrganisationId, wardId: $0.wardId, locality: $0.locality) }
    }

    /// Every entry, placed relative to `home` (all "elsewhere" without one).
    static func entries(near home: OfferHome?, on db: any SQLDatabase) async throws -> [OfferEntry] {
        let areas = try await db.raw("""
            SELECT sa.centre_organisation_id, sa.ward_id, w.locality FROM small_areas sa JOIN wards w ON w.id = sa.ward_id
            WHERE sa.centre_organisation_id IS NOT NULL
            """).all(decoding: AreaRow.self, with: rowDecoder)
        var places: [Int64: OfferPlace] = [:]
        func place(_ org: Int64) -> OfferPlace { places[org] ?? OfferPlace(organisationId: org, wards: [], localities: []) }
        for a in areas {
            var p = place(a.centreOrganisationId)
            p.wards.insert(a.wardId)
            p.localities.insert(a.locality)
            places[a.centreOrganisationId] = p
        }
        func nearness(_ org: Int64, locality: String? = nil) -> Nearness {
            var p = place(org)
            if let locality { p.localities.insert(locality) }
            return Nearness.of(p, from: home)
        }

        let centres = try await db.raw("""
            SELECT id, name, address, phone, opening_times FROM organisations WHERE kind = 'childrens_centre' ORDER BY name
            """).all(decoding: CentreRow.self, with: rowDecoder)
        var out = centres.map { c in
            OfferEntry(kind: .centre, title: c.name, provider: c.name,
                       description: "Stay and play, advice, health clinics and courses for families with children under 5." + (c.phone.map { " Phone \($0)." } ?? ""),
                       when: c.openingTimes ?? "Phone for opening times", place: c.address ?? "",
                       details: OfferDetails(cost: "Free", howToJoin: "Drop in, or register at any session", fromMonths: -9, toMonths: 60, needs: OfferNeed.allCases),
                       nearness: nearness(c.id))
        }
        let activities = try await db.raw("""
            SELECT a.organisation_id, o.name AS provider, a.id, a.title, a.when_text, a.place, a.description, a.cost, a.how_to_join,
                   a.from_months, a.to_months, a.needs
            FROM centre_activities a JOIN organisations o ON o.id = a.organisation_id
            WHERE a.active = \(bind: true)
            """).all(decoding: ActivityRow.self, with: rowDecoder)
        out += activities.map { r in
            OfferEntry(kind: .activity, title: r.activity.title, provider: r.provider, description: r.activity.description,
                       when: r.activity.whenText, place: r.activity.place, details: r.activity.details, nearness: nearness(r.organisationId))
        }
        let services = try await db.raw("""
            SELECT s.id, s.name, s.organisation_id, o.name AS provider, t.locality AS team_locality, s.offer_description, s.offer_when,
                   s.offer_place, s.offer_cost, s.offer_how_to_join, s.offer_from_months, s.offer_to_months, s.offer_needs
            FROM services s JOIN organisations o ON o.id = s.organisation_id LEFT JOIN teams t ON t.id = s.team_id
            WHERE s.offer_description IS NOT NULL
            """).all(decoding: ServiceRow.self, with: rowDecoder)
        out += services.map { s in
            OfferEntry(kind: .service, title: s.name, provider: s.provider, description: s.offerDescription, when: s.offerWhen ?? "",
                       place: s.offerPlace ?? "", details: s.details,
                       nearness: nearness(s.organisationId, locality: s.teamLocality))
        }
        out += Programme.catalogue.map { p in
            OfferEntry(kind: .programme, title: p.name, provider: "Early help (by referral)", description: p.eligibility, when: "",
                       place: "", details: OfferDetails(cost: "Free", howToJoin: "Ask your health visitor, children's centre or family support worker to refer you, or ask for help yourself",
                                                        fromMonths: max(p.fromMonths, -9), toMonths: min(p.toMonths, 60), needs: p.needs),
                       nearness: .elsewhere)
        }
        return out
    }

    /// A service's entry as its team wrote it, for their form.
    static func service(_ id: Int64, on db: any SQLDatabase) async throws -> ServiceRow? {
        try await db.raw("""
            SELECT s.id, s.name, s.organisation_id, o.name AS provider, t.locality AS team_locality, COALESCE(s.offer_description, '') AS offer_description,
                   s.offer_when, s.offer_place, s.offer_cost, s.offer_how_to_join, s.offer_from_months, s.offer_to_months, s.offer_needs
            FROM services s JOIN organisations o ON o.id = s.organisation_id LEFT JOIN teams t ON t.id = s.team_id
            WHERE s.id = \(bind: id)
            """).first(decoding: ServiceRow.self, with: rowDecoder)
    }

    struct KeptRow: Decodable { var id: Int64; var name: String; var teamId: Int64; var written: Int }

    /// The services these teams run, and whether each has an entry yet.
    static func services(ofTeams teams: [Int64], on db: any SQLDatabase) async throws -> [KeptRow] {
        try await db.raw("""
            SELECT id, name, team_id, CASE WHEN offer_description IS NULL THEN 0 ELSE 1 END AS written
            FROM services WHERE team_id IN (\(binds: teams)) ORDER BY name
            """).all(decoding: KeptRow.self, with: rowDecoder)
    }

    static func saveService(_ id: Int64, _ o: ServiceOfferInput, on db: any SQLDatabase) async throws {
        let d = o.details
        try await db.raw("""
            UPDATE services SET offer_description = \(bind: o.description), offer_when = \(bind: o.when), offer_place = \(bind: o.place),
              offer_cost = \(bind: d.cost), offer_how_to_join = \(bind: d.howToJoin), offer_from_months = \(bind: d.fromMonths),
              offer_to_months = \(bind: d.toMonths), offer_needs = \(bind: d.needCodes)
            WHERE id = \(bind: id)
            """).run()
    }

    /// Takes a service off the offer.
    static func withdrawService(_ id: Int64, on db: any SQLDatabase) async throws {
        try await db.raw("""
            UPDATE services SET offer_description = NULL, offer_when = NULL, offer_place = NULL, offer_cost = NULL, offer_how_to_join = NULL,
              offer_from_months = NULL, offer_to_months = NULL, offer_needs = NULL
            WHERE id = \(bind: id)
            """).run()
    }
}
