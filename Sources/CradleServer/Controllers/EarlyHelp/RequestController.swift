import Vapor
import CradleCore

/// The single point of access: requests for support from practitioners and from families,
/// the triage queue with its 48-hour clock, triage itself, and the advice line.
enum RequestController {
    // MARK: A family asking for help (no sign-in)

    static func privacy(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage))
        return .html(RequestViews.privacy(settings: req.earlyHelp, layout: req.layout("How we use your information")))
    }

    static func selfReferralForm(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage))
        return .html(RequestViews.selfReferral(FormState(), settings: req.earlyHelp, layout: req.layout("Ask for help")))
    }

    static func selfRefer(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.selfReferral))
        let limits = req.application.settings.rateLimits
        try await req.throttle([("help-address:\(req.clientAddress)", limits.helpPerAddress), ("help-all", limits.helpOverall)],
                               action: .create, resource: Resource(.selfReferral),
                               message: "We have had too many requests for help from here in the last hour, so this one was not sent. Please try again later, or phone the early help team. If a child is in danger now, call 999.")
        let fields = try GovernanceController.multiValueFields(req)
        return try await handleForm(req, fields: fields, saved: nil, render: {
            RequestViews.selfReferral($0, settings: req.earlyHelp, layout: req.layout("Ask for help"))
        }) {
            let input = try SupportRequestInput.validate(fields, source: .family, continuum: req.earlyHelp.continuum, today: req.today).orThrow()
            _ = try await RequestStore.create(input, referrer: nil, now: req.now, on: req.sql)
            return "/help/sent"
        }
    }

    static func selfReferralSent(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage))
        let due = req.earlyHelp.triage.deadline(from: req.now)
        return .html(RequestViews.sent(due: due, layout: req.layout("Request sent")))
    }

    // MARK: Practitioners' requests

    static func new(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.supportRequest))
        var values: [String: String] = [:]
        if let person = req.query[Int64.self, at: "person"] {
            // Naming a child on the form shows who they are: only with a relationship.
            try await req.authorize(.read, Resource(.demographics, personId: person))
            values["personId"] = String(person)
        }
        return .html(try await renderNew(req, FormState(values: values)))
    }

    static func renderNew(_ req: Request, _ form: FormState) async throws -> String {
        let person = try await Int64(form["personId"]).asyncMap { try await PersonStore.person($0, on: req.sql) } ?? nil
        return RequestViews.practitionerForm(form, person: person, continuum: req.earlyHelp.continuum, layout: req.layout("Request early help"))
    }

    static func create(_ req: Request) async throws -> Response {
        let fields = try GovernanceController.multiValueFields(req)
        try await req.authorize(.create, Resource(.supportRequest))
        if let person = fields["personId"].flatMap({ Int64($0) }) {
            try await req.authorize(.read, Resource(.demographics, personId: person))
        }
        let me = try req.requireSignedIn()
        return try await handleForm(req, fields: fields, saved: "Request sent to the early help front door", render: { try await renderNew(req, $0) }) {
            let input = try SupportRequestInput.validate(fields, source: .practitioner, continuum: req.earlyHelp.continuum, today: req.today).orThrow()
            let id = try await RequestStore.create(input, referrer: me.actor.practitionerId, now: req.now, on: req.sql)
            return "/early-help/requests/\(id)"
        }
    }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        let decision = try await req.authorize(.read, Resource(.supportRequest, itemId: id))
        return .html(try await renderRequest(req, id, FormState(), why: decision.reason))
    }

    static func renderRequest(_ req: Request, _ id: Int64, _ form: FormState, why: String) async throws -> String {
        guard let r = try await RequestStore.find(id, on: req.sql) else { throw Abort(.notFound) }
        let mayTriage = req.may(.update, Resource(.supportRequest, itemId: id)) && r.requestStatus.canTriage
        let levels = try await r.familyId.asyncMap { try await RequestStore.levels(familyId: $0, on: req.sql) } ?? []
        let services = mayTriage ? try await Directory.services(on: req.sql) : []
        let clock = req.earlyHelp.triage.status(received: r.received, triagedAt: r.triaged, now: req.now)
        let mayOpenRecord = try await r.personId.asyncMap { try await req.wouldAllow(.read, Resource(.servicesInvolved, personId: $0)) } ?? false
        let find = mayTriage && r.personId == nil ? try await findChild(req, r) : nil
        let mayOpenFamilyHelp = try await r.familyId.asyncMap { try await req.wouldAllow(.read, Resource(.earlyHelpFamily, familyId: $0)) } ?? false
        return RequestViews.request(r, clock: clock, mayOpenRecord: mayOpenRecord, frontDoor: req.may(.read, Resource(.frontDoor)),
                                    mayOpenFamilyHelp: mayOpenFamilyHelp, due: req.earlyHelp.triage.deadline(from: r.received), levels: levels,
                                    triage: mayTriage, services: services, form: form, find: find,
                                    continuum: req.earlyHelp.continuum, why: why, layout: req.layout("Request \(id)"))
    }

    /// The search for the child a request is about: what the worker asked (the page's query),
    /// or to start with the postcode the family gave. A search is audited as one, naming the
    /// request.
    static func findChild(_ req: Request, _ r: RequestStore.RequestRow) async throws -> RequestViews.Find {
        let keys = ChildSearch.fields
        let asked = ((try? req.query.decode([String: String].self)) ?? [:]).filter { keys.contains($0.key) }
        guard !asked.values.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            let start = ["postcode": r.postcode ?? ""]
            return RequestViews.Find(form: FormState(values: start), results: nil, query: "")
        }
        let query = keys.compactMap { k in asked[k].map { "\(k)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" } }
            .joined(separator: "&")
        switch ChildSearch.criteria(from: asked) {
        case .failure(let errors):
            return RequestViews.Find(form: FormState(values: asked, errors: errors), results: nil, query: "")
        case .success(nil):
            return RequestViews.Find(form: FormState(values: asked), results: nil, query: "")
        case .success(let criteria?):
            try await req.authorize(.search, Resource(.searchResult), detail: "to link request \(r.id): \(query)")
            try await req.throttleSearch()
            let rows = try await ChildSearch.run(criteria, for: req.actor, today: req.today, on: req.sql)
            return RequestViews.Find(form: FormState(values: asked), results: rows, query: query)
        }
    }

    /// Triage; linking the request to a child's record is part of the decision, and its audit
    /// entry names the child. Linking gives the front door the request and the child's minimal
    /// demographics, not the record.
    static func triage(_ req: Request) async throws -> Response {
        let id = try req.id()
        let fields = try req.formFields()
        let (r, decision) = try await authorizeTriage(req, id, fields)
        return try await handleForm(req, fields: fields, saved: "Triage decision saved", render: { try await renderRequest(req, id, $0, why: decision.reason) }) {
            let input = try TriageInput.validate(fields, continuum: req.earlyHelp.continuum, status: r.requestStatus,
                                                 linked: r.personId != nil).orThrow()
            try await RequestStore.triage(id, version: try req.version(in: fields), input, by: try req.requireSignedIn(), now: req.now, on: req.db)
            return "/early-help/requests/\(id)"
        }
    }

    /// Asks the policy for a triage of request `id`, naming the child it links to (if any) in
    /// the audit entry.
    static func authorizeTriage(_ req: Request, _ id: Int64, _ fields: [String: String]) async throws -> (RequestStore.RequestRow, Decision) {
        let link = fields["personId"].flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
        guard let r = try await RequestStore.find(id, on: req.sql) else {
            try await req.authorize(.update, Resource(.supportRequest, itemId: id))
            throw Abort(.notFound)
        }
        let linking = link != nil && link != r.personId
        let decision = try await req.authorize(.update, Resource(.supportRequest, personId: link ?? r.personId, itemId: id),
                                               detail: linking ? "linked to the record of person \(link!)" : nil)
        return (r, decision)
    }

    // MARK: The triage queue and the advice line

    static func queue(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.frontDoor))
        let cal = req.earlyHelp.triage, now = req.now
        let waiting = try await RequestStore.queue(on: req.sql).map { ($0, cal.status(received: $0.received, triagedAt: nil, now: now)) }
        let done = try await RequestStore.recentlyTriaged(on: req.sql).map { ($0, cal.status(received: $0.received, triagedAt: $0.triaged, now: now)) }
        return .html(RequestViews.queue(waiting: waiting, triaged: done, calendar: cal, now: now, layout: req.layout("Triage", active: "early-help")))
    }

    static func advice(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.frontDoor))
        return .html(try await renderAdvice(req, FormState(values: ["caller": "professional"])))
    }

    static func renderAdvice(_ req: Request, _ form: FormState) async throws -> String {
        RequestViews.advice(try await RequestStore.adviceLog(on: req.sql), form: form, layout: req.layout("Advice line", active: "early-help"))
    }

    static func logAdvice(_ req: Request) async throws -> Response {
        try await req.authorize(.create, Resource(.frontDoor))
        let fields = try req.formFields()
        return try await handleForm(req, fields: fields, saved: "Advice call logged", render: { try await renderAdvice(req, $0) }) {
            let e = try AdviceEnquiry.validate(fields).orThrow()
            try await RequestStore.logAdvice(e, by: try req.requireSignedIn(), at: req.now, on: req.sql)
            return "/early-help/advice"
        }
    }
}

extension Request {
    /// The local time on the front door's clock.
    var now: LocalTime { application.settings.now() }
    var earlyHelp: EarlyHelpSettings { application.settings.earlyHelp }
}
