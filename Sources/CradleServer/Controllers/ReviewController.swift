import Vapor
import CradleCore

/// Healthy Child Programme reviews: recording one (with ASQ-3 at 2–2½ years), its page, and
/// the integrated review's sections.
enum ReviewController {
    static func review(_ req: Request, _ fields: [String: String]) throws -> MandatedReview {
        guard let r = (fields["review"] ?? req.query[String.self, at: "review"]).flatMap(MandatedReview.init(rawValue:)) else {
            throw Abort(.badRequest, reason: "Say which review: one of " + MandatedReview.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return r
    }

    static func new(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.assessment, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let r = try review(req, [:])
        let f = FormState(values: ["review": r.rawValue, "date": req.today.iso, "place": r == .twoYears ? "clinic" : "home",
                                   "method": ReviewMethod.faceToFace.rawValue, "practitionerType": ReviewPractitionerType.scphn.rawValue])
        return .html(ReviewViews.form(f, person: p, review: r, action: "/people/\(id)/reviews", layout: req.layout(r.label)))
    }

    static func create(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.create, Resource(.assessment, personId: id))
        guard let p = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let fields = try req.formFields()
        let r = try review(req, fields)
        let author = try req.requireSignedIn()
        return try await handleForm(req, fields: fields, saved: "Review recorded", render: {
            ReviewViews.form($0, person: p, review: r, action: "/people/\(id)/reviews", layout: req.layout(r.label))
        }) {
            let input = try validate(fields, review: r, person: p, today: req.today)
            let contactId = try await HealthyChildStore.createReview(input, personId: id, involvements: try await req.involvements(of: id),
                                                                     by: author, on: req.db)
            return "/reviews/\(contactId)"
        }
    }

    /// Reads the review form; a wrong ASQ-3 questionnaire for the child's age is refused with the right one named.
    static func validate(_ fields: [String: String], review: MandatedReview, person: PersonRow, today: Day) throws -> HealthyChildStore.ReviewInput {
        var f = FieldReader(fields)
        let date = f.day("date", label: "Date of the review", required: true, notAfter: today)
        let place = f.choice("place", label: "Place", as: ContactPlace.self)
        let method = f.choice("method", label: "Method", as: ReviewMethod.self)
        let type = f.choice("practitionerType", label: "Delivered by", as: ReviewPractitionerType.self)
        var asq: (Int, [ASQArea: [ASQAnswer?]])? = nil
        var asqSE: Int? = nil
        var concerns: [Concern] = []
        if review == .twoYears {
            if let interval = f.integer("interval", label: "Questionnaire", range: 1...60) {
                if let born = person.dateOfBirth.flatMap({ try? Day($0) }), let date,
                   let wrong = ASQ3.check(interval: interval, born: born, gestationWeeks: person.gestationWeeks, on: date) {
                    f.errors.add("interval", wrong.description)
                }
                var answers: [ASQArea: [ASQAnswer?]] = [:]
                for area in ASQArea.allCases {
                    answers[area] = (0..<ASQ3.itemsPerArea).map { i in fields["\(area.rawValue)_\(i)"].flatMap(ASQAnswer.init(rawValue:)) }
                    let given = answers[area]!.compactMap { $0 }.count
                    if given < ASQ3.itemsPerArea - 2 {
                        f.errors.add(area.rawValue, "\(area.label): answer at least 4 of the 6 items (\(given) answered); with 3 or more left out the area cannot be scored")
                    }
                }
                asq = (interval, answers)
            }
            asqSE = f.integer("asqse2", label: "ASQ:SE-2 total score", range: 0...500)
            concerns = Concern.allCases.filter { fields["concern_\($0.rawValue)"] != nil }
        }
        guard f.errors.isEmpty, let date, let place, let method, let type else { throw InvalidInput(errors: f.errors) }
        return .init(review: review, date: date, place: place, method: method.rawValue, practitionerType: type.rawValue,
                     asq: asq.map { (interval: $0.0, answers: $0.1) }, asqSE: asqSE, concerns: concerns)
    }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        guard let c = try await ContactStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        let decision = try await req.authorize(.read, Resource(.assessment, personId: c.personId))
        guard let r = ContactType(rawValue: c.type).flatMap(MandatedReview.init(contactType:)) else { throw Abort(.notFound) }
        guard let person = try await PersonStore.person(c.personId, on: req.sql) else { throw Abort(.notFound) }
        let asqRow = try await HealthyChildStore.asq(contactId: id, on: req.sql)
        let cutoffs = ASQCutoffs.standard
        let asq = asqRow.map { $0.result(cutoffs) }
        let se = asqRow.flatMap { row in row.asqse2Total.map { ASQSE2Result.score(interval: row.asqse2Interval ?? row.intervalMonths, total: $0, cutoffs: .standard) } }
        let concerns = asqRow?.concernList ?? []
        let page = ReviewViews.Page(
            person: person, contact: c, review: r, asq: asq, asqSE: se,
            proposals: AssessmentPathway.standard.proposals(asq: asq, asqSE: se, concerns: concerns),
            sections: try await HealthyChildStore.sections(contactId: id, on: req.sql),
            cutoffsHaveMonitoring: cutoffs.hasMonitoringZone,
            canWriteHealth: req.may(.update, Resource(.assessment, personId: c.personId)),
            canWriteSetting: req.may(.update, Resource(.settingSection, personId: c.personId)))
        return .html(ReviewViews.page(page, why: decision.reason, layout: req.layout(r.label)))
    }

    /// Saves one section: the setting writes its own; the health visitor the WellComm screen and the outcome.
    static func saveSection(_ req: Request) async throws -> Response {
        let id = try req.id()
        let key = req.parameters.get("section") ?? ""
        guard let c = try await ContactStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        try await req.authorize(.update, Resource(key == "setting" ? .settingSection : .assessment, personId: c.personId))
        guard ReviewViews.sections.contains(where: { $0.key == key }), c.type == ContactType.review2Years.rawValue else { throw Abort(.notFound) }
        let fields = try req.formFields()
        let values: [String: String]
        do { values = try sectionValues(key, fields) } catch let invalid as InvalidInput {
            let problems = invalid.errors.messages.map(\.message).joined(separator: "; ")
            throw Abort(.unprocessableEntity, reason: "The section was not saved: \(problems). Go back; what you typed is still in the form.")
        }
        try await HealthyChildStore.saveSection(contactId: id, section: key, fields: values,
                                                version: fields["version"].flatMap(Int.init), author: try req.requireSignedIn(),
                                                today: req.today, on: req.sql)
        req.flash("Section saved")
        return .seeOther("/reviews/\(id)#section-\(key)")
    }

    /// A section's values as its form (or the API) sent them, checked: the setting's EYFS
    /// judgements, the WellComm screen, or the outcome and agreed actions.
    static func sectionValues(_ key: String, _ fields: [String: String]) throws -> [String: String] {
        var f = FieldReader(fields)
        var values: [String: String] = [:]
        switch key {
        case "setting":
            for a in EYFSPrimeArea.allCases { values[a.rawValue] = f.choice(a.rawValue, label: a.label, as: EYFSJudgement.self)?.rawValue }
            values["settingComments"] = f.text("settingComments", label: "What the setting sees", required: false, max: 4_000)
        case "wellcomm":
            values["result"] = f.choice("result", label: "WellComm result", as: WellCommResult.self)?.rawValue
            values["wellcommComments"] = f.text("wellcommComments", label: "Notes", required: false, max: 4_000)
        default:
            values["outcome"] = f.text("outcome", label: "Outcome", max: 4_000)
            values["actions"] = f.text("actions", label: "Agreed actions", required: false, max: 4_000)
        }
        guard f.errors.isEmpty else { throw InvalidInput(errors: f.errors) }
        return values
    }
}
