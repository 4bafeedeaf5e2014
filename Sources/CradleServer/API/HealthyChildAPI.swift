import Vapor
import CradleCore

/// `/api/v1`: Healthy Child Programme reviews (ASQ-3 and ASQ:SE-2 at 2–2½ years), the
/// integrated review's sections, and the reviews due for the reader's teams, through the same
/// policy, validation and audit as their pages.
enum HealthyChildAPI {
    /// Records a review. ASQ-3 answers come as one list of six per area, in item order, with
    /// "" for an item the parent did not answer; the page's checks apply (the questionnaire
    /// for the child's age, at least four items an area).
    static func create(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.assessment, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound, reason: "No person \(id)") }
        var fields = try req.jsonFields(as: .review)
        guard let review = fields["review"].flatMap(MandatedReview.init(rawValue:)) else {
            throw InvalidInput("review", "Say which review: one of " + MandatedReview.allCases.map(\.rawValue).joined(separator: ", "))
        }
        // The page's item fields, from the lists.
        for area in ASQArea.allCases {
            guard let list = fields.removeValue(forKey: area.rawValue) else { continue }
            let items = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard items.count == ASQ3.itemsPerArea else {
                throw InvalidInput(area.rawValue, "\(area.label): send the \(ASQ3.itemsPerArea) items' answers in order, \"\" for one not answered")
            }
            for (i, answer) in items.enumerated() where !answer.isEmpty { fields["\(area.rawValue)_\(i)"] = answer }
        }
        for concern in (fields.removeValue(forKey: "concerns") ?? "").split(separator: ",") { fields["concern_\(concern)"] = "on" }
        let input = try ReviewController.validate(fields, review: review, person: p, today: req.today)
        let contactId = try await HealthyChildStore.createReview(input, personId: id, involvements: try await req.involvements(of: id),
                                                                 by: try req.requireSignedIn(), on: req.db)
        return try created(contactId, at: "/api/v1/reviews/\(contactId)")
    }

    struct Area: Encodable { var area: String; var answered: Int; var score: Double?; var cutoff: Double; var band: String }
    struct ASQ: Encodable { var interval: Int; var areas: [Area]; var allFiveAtOrAbove: Bool }
    struct SocialEmotional: Encodable { var interval: Int; var total: Int; var cutoff: Double?; var band: String }
    struct Section: Encodable { var section: String; var values: [String: String]; var authorName: String?; var writtenOn: String; var version: Int }
    struct Proposal: Encodable { var concern: String; var pathway: String; var programme: String; var nextSteps: [String] }
    struct Review: Encodable {
        var id: Int64
        var personId: Int64
        var review: String
        var date: String
        var place: String
        var asq: ASQ?
        var asqSE2: SocialEmotional?
        var concerns: [String]
        var proposals: [Proposal]
        var sections: [Section]
    }

    /// A review with its scores against the cut-offs, the pathways they propose, and the
    /// integrated review's sections.
    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let c = try await ContactStore.find(id, on: req.sql) else { throw Abort(.notFound, reason: "No review \(id)") }
        try await req.authorize(.read, Resource(.assessment, personId: c.personId))
        guard let r = ContactType(rawValue: c.type).flatMap(MandatedReview.init(contactType:)) else { throw Abort(.notFound, reason: "Contact \(id) is not a review") }
        let row = try await HealthyChildStore.asq(contactId: id, on: req.sql)
        let asq = row.map { $0.result(.standard) }
        let se = row.flatMap { row in row.asqse2Total.map { ASQSE2Result.score(interval: row.asqse2Interval ?? row.intervalMonths, total: $0, cutoffs: .standard) } }
        let concerns = row?.concernList ?? []
        return try json(Review(
            id: id, personId: c.personId, review: r.rawValue, date: c.date, place: c.place,
            asq: asq.map { a in ASQ(interval: a.interval, areas: a.areas.map { Area(area: $0.area.rawValue, answered: $0.answered, score: $0.score, cutoff: $0.cutoff, band: $0.band.rawValue) },
                                    allFiveAtOrAbove: a.allFiveAtOrAbove) },
            asqSE2: se.map { SocialEmotional(interval: $0.interval, total: $0.total, cutoff: $0.cutoff, band: $0.band.rawValue) },
            concerns: concerns.map(\.rawValue),
            proposals: AssessmentPathway.standard.proposals(asq: asq, asqSE: se, concerns: concerns).map {
                Proposal(concern: $0.concern.rawValue, pathway: $0.pathway, programme: $0.programme, nextSteps: $0.nextSteps)
            },
            sections: try await HealthyChildStore.sections(contactId: id, on: req.sql).map {
                Section(section: $0.section, values: $0.values, authorName: $0.authorName, writtenOn: $0.writtenOn, version: $0.version)
            }))
    }

    /// Saves one section of the integrated 2–2½ year review: the setting writes its own (EYFS
    /// prime areas); the health visitor the WellComm screen and the outcome.
    static func saveSection(_ req: Request) async throws -> Response {
        let id = try req.id()
        let key = req.parameters.get("section") ?? ""
        guard let c = try await ContactStore.find(id, on: req.sql) else { throw Abort(.notFound, reason: "No review \(id)") }
        try await req.authorize(.update, Resource(key == "setting" ? .settingSection : .assessment, personId: c.personId))
        guard ReviewViews.sections.contains(where: { $0.key == key }), c.type == ContactType.review2Years.rawValue else {
            throw Abort(.notFound, reason: "The 2–2½ year review has the sections " + ReviewViews.sections.map(\.key).joined(separator: ", "))
        }
        let fields = try req.jsonFields(as: .reviewSection)
        try await HealthyChildStore.saveSection(contactId: id, section: key, fields: try ReviewController.sectionValues(key, fields),
                                                version: fields["version"].flatMap(Int.init), author: try req.requireSignedIn(),
                                                today: req.today, on: req.sql)
        let saved = try await HealthyChildStore.sections(contactId: id, on: req.sql).first { $0.section == key }!
        return try json(Section(section: saved.section, values: saved.values, authorName: saved.authorName, writtenOn: saved.writtenOn, version: saved.version))
    }

    struct Due: Encodable {
        var personId: Int64
        var givenName: String
        var familyName: String
        var dateOfBirth: String?
        var review: String
        var from: String
        var by: String
        /// due, upcoming or overdue (with `daysOverdue`).
        var status: String
        var daysOverdue: Int?
    }

    static func status(_ s: ReviewStatus) -> (name: String, days: Int?) {
        switch s {
        case .upcoming: ("upcoming", nil)
        case .due: ("due", nil)
        case .overdue(let days): ("overdue", days)
        case .done: ("done", nil)
        case .missed: ("missed", nil)
        }
    }

    /// Reviews due and overdue for the reader's teams' children (`mine=true`: the children
    /// they lead), most overdue first, as on the worklist page.
    static func worklist(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.worklist))
        let query = try req.queryParameters(allowed: ["mine"])
        let mine = query.first { $0.name == "mine" }?.value
        guard mine == nil || mine == "true" || mine == "false" else { throw InvalidInput("mine", "mine is true or false") }
        let me = try req.requireSignedIn()
        let children = try await ScheduleQueries.caseload(teamIds: me.actor.teamIds, lead: mine == "true" ? me.actor.practitionerId : nil,
                                                          today: req.today, on: req.sql)
        let done = ScheduleQueries.byChild(try await ScheduleQueries.reviews(of: children.map(\.id), on: req.sql), cutoffs: .standard)
        return try json(WorklistController.worklist(children, done: done.mapValues(\.done), today: req.today).map {
            Due(personId: $0.child.id, givenName: $0.child.givenName, familyName: $0.child.familyName, dateOfBirth: $0.child.dateOfBirth,
                review: $0.entry.review.rawValue, from: $0.entry.window.from.iso, by: $0.entry.window.to.iso,
                status: Self.status($0.entry.status).name, daysOverdue: Self.status($0.entry.status).days)
        })
    }
}
