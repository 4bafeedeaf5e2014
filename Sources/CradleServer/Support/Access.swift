import Vapor
import CradleCore

/// The signed-in practitioner, as the policy sees them, plus what pages need to show.
struct SignedIn: Sendable {
    var actor: Actor
    var displayName: String
    var username: String
}

struct SignedInKey: StorageKey { typealias Value = SignedIn }
/// The system client a request's bearer token names.
struct SystemClientKey: StorageKey { typealias Value = SystemClientStore.Client }
struct PolicyConsultedKey: StorageKey { typealias Value = Int }
/// Audit entries of reads this request made, which must be stored before it answers.
struct PendingAuditKey: StorageKey { typealias Value = [AuditReceipt] }
struct PolicyKey: StorageKey { typealias Value = AccessPolicy }
struct AccessFactsKey: StorageKey { typealias Value = AccessFacts }
/// The household involvements the policy read for a person, kept for the page that shows
/// them and for the policy's later questions about the same household.
struct HouseholdReadKey: StorageKey { typealias Value = HouseholdInvolvements }

/// A service asked to start with a child, or an involvement moved to, with the basis given;
/// `current` is the involvement being changed, when the caller has already read it.
struct InvolvementProposal: Sendable {
    var serviceId: Int64?
    var basis: InvolvementBasis?
    var current: InvolvementRow? = nil
}

/// Raised when the policy says no; the error middleware turns it into a page or JSON.
struct AccessDenied: Error, AbortError {
    var reason: String
    var signedIn: Bool
    var status: HTTPResponseStatus { signedIn ? .forbidden : .unauthorized }
}

extension Application {
    var policy: AccessPolicy {
        get { storage[PolicyKey.self] ?? AccessPolicy() }
        set { storage[PolicyKey.self] = newValue }
    }
}

extension Request {
    var signedIn: SignedIn? { storage[SignedInKey.self] }
    var actor: Actor { signedIn?.actor ?? systemClient?.actor ?? .anonymous }
    var systemClient: SystemClientStore.Client? { storage[SystemClientKey.self] }

    /// Asks the one policy decision point and records the decision in the audit trail;
    /// throws `AccessDenied` when refused. Every route calls this (PolicyEnforcementMiddleware
    /// fails any that do not).
    ///
    /// A write or a refusal waits until its entry is stored. An allowed read goes on while its
    /// entry is written, and PolicyEnforcementMiddleware holds the answer until it is stored:
    /// nothing is shown that was not first recorded, and the page does not queue behind
    /// the commit.
    ///
    /// `proposal` is the service a practitioner asks to start with a child (or move an
    /// involvement to) and the lawful basis they give.
    @discardableResult
    func authorize(_ action: CradleCore.Action, _ resource: Resource, purpose: Purpose = .directCare,
                   detail: String? = nil, proposal: InvolvementProposal? = nil) async throws -> Decision {
        storage[PolicyConsultedKey.self] = (storage[PolicyConsultedKey.self] ?? 0) + 1
        let (facts, household) = try await AccessFactsLoader.loadWithInvolvements(actor, resource, today: today, agreements: application.agreementCache,
                                                                                   proposal: proposal, on: sql)
        storage[AccessFactsKey.self] = facts
        if let household { storage[HouseholdReadKey.self] = household }
        let decision = application.policy.decide(actor, action, resource, purpose: purpose, facts: facts)
        application.storage[AccessObserverKey.self]?(decision)
        if let log = application.auditLog, resource.category != .publicPage || action != .read {
            let receipt = log.enqueue(AuditEvent(actor: actor, action: action, resource: resource, purpose: purpose,
                                                 decision: decision.breakGlass ? "break_glass" : (decision.allowed ? "allow" : "deny"),
                                                 reason: decision.reason, path: url.path, detail: auditDetail(detail)))
            if action == .read && decision.allowed {
                storage[PendingAuditKey.self] = (storage[PendingAuditKey.self] ?? []) + [receipt]
            } else {
                try await receipt.stored()
            }
        }
        guard decision.allowed else { throw AccessDenied(reason: decision.reason, signedIn: actor.isSignedIn || actor.isSystem || actor.familyMember != nil) }
        return decision
    }

    /// A system client has no practitioner id: the trail names it in every entry it causes.
    func auditDetail(_ detail: String?) -> String? {
        let who: String
        if let client = systemClient { who = "system client \(client.name)" }
        else if let member = actor.familyMember { who = "family account \(member.accountId)" }
        else { return detail }
        guard let detail else { return who }
        return detail.contains(who) ? detail : "\(who): \(detail)"
    }

    /// Records what an allowed create made, so the new record's own access history begins
    /// with who created it (the decision's entry was written before the record had an id).
    func auditCreated(_ resource: Resource, detail: String? = nil) async throws {
        try await auditOutcome("allow", .create, resource, reason: "Created this record", detail: detail)
    }

    /// Records a refusal the policy did not make (the request itself was not acceptable),
    /// so the trail shows a deny, not access granted.
    func auditRefusal(_ action: CradleCore.Action, _ resource: Resource, reason: String, detail: String? = nil) async throws {
        try await auditOutcome("deny", action, resource, reason: reason, detail: detail)
    }

    private func auditOutcome(_ decision: String, _ action: CradleCore.Action, _ resource: Resource, reason: String, detail: String?) async throws {
        try await application.auditLog?.record(AuditEvent(actor: actor, action: action, resource: resource, purpose: .directCare,
                                                          decision: decision, reason: reason, path: url.path, detail: auditDetail(detail)))
    }

    /// The children a report may count, after `authorize` allowed the report.
    func reportScope() throws -> ReportScope {
        guard let scope = application.policy.reportScope(actor, locality: accessFacts.actorLocality) else {
            throw AccessDenied(reason: "Reports are not open to you", signedIn: actor.isSignedIn)
        }
        return scope
    }

    /// The signed-in practitioner, after `authorize` allowed the request.
    func requireSignedIn() throws -> SignedIn {
        guard let s = signedIn else { throw AccessDenied(reason: "Sign in to continue", signedIn: false) }
        return s
    }

    /// The JSON API or the FHIR API: bearer tokens, no cookies' CSRF, errors as data.
    var isAPI: Bool { url.path.hasPrefix("/api/") || isFHIR || url.path == "/metrics" }

    /// A person's involvements (theirs and their family's, open ones first): the rows the
    /// policy already read for this request, or read now.
    func involvements(of personId: Int64) async throws -> [InvolvementRow] {
        if let rows = storage[HouseholdReadKey.self]?.of(person: personId) { return rows }
        return try await InvolvementStore.forPerson(id: personId, on: sql)
    }

    /// What the policy knew when it allowed this request; pages use it to filter notes.
    var accessFacts: AccessFacts { storage[AccessFactsKey.self] ?? AccessFacts(today: today) }

    /// Whether the policy would allow something else on this page (an edit form, a link), on
    /// the facts it had for the request; no audit entry, as nothing is read or written.
    func may(_ action: CradleCore.Action, _ resource: Resource, purpose: Purpose = .directCare) -> Bool {
        application.policy.decide(actor, action, resource, purpose: purpose, facts: accessFacts).allowed
    }

    /// Whether the policy would let this reader change or end an involvement shown on the page.
    func mayChange(_ i: InvolvementRow) -> Bool {
        var facts = accessFacts
        facts.involvement = InvolvementFact(teamId: i.teamId, leadPractitionerId: i.leadPractitionerId)
        return application.policy.decide(actor, .update, Resource(.involvement, personId: i.personId, familyId: i.familyId, itemId: i.id),
                                         purpose: .directCare, facts: facts).allowed
    }

    /// Whether the policy would allow something about another record than the one this request
    /// is for (a link to offer), on that record's own facts; no audit entry, as nothing is
    /// read or written.
    func wouldAllow(_ action: CradleCore.Action, _ resource: Resource, purpose: Purpose = .directCare) async throws -> Bool {
        try await wouldAllow([(action, resource)], factsOf: resource, purpose: purpose)[0]
    }

    /// Several questions about one record, on one read of its facts (`factsOf` names the
    /// resource whose facts cover them all).
    func wouldAllow(_ asks: [(CradleCore.Action, Resource)], factsOf resource: Resource, purpose: Purpose = .directCare) async throws -> [Bool] {
        // The household this request read already (the record's, say) covers its assessments,
        // its family and its members.
        let (facts, household) = try await AccessFactsLoader.loadWithInvolvements(actor, resource, today: today, agreements: application.agreementCache,
                                                                                   known: storage[HouseholdReadKey.self], on: sql)
        if storage[HouseholdReadKey.self] == nil, let household { storage[HouseholdReadKey.self] = household }
        return asks.map { application.policy.decide(actor, $0.0, $0.1, purpose: purpose, facts: facts).allowed }
    }

    /// Whether the signed-in practitioner may read a note, by the same policy, on the facts
    /// the page's own decision gathered.
    func noteDecision(_ note: NoteRow, _ action: CradleCore.Action = .read) -> Decision {
        var facts = accessFacts
        facts.note = NoteFact(authorId: note.authorId, authorProfession: Profession(rawValue: note.authorProfession),
                              authorOrganisation: note.authorOrganisation, visibility: NoteVisibility(rawValue: note.visibility) ?? .profession)
        return application.policy.decide(actor, action, Resource(.caseNote, personId: note.personId, noteId: note.id),
                                         purpose: .directCare, facts: facts)
    }

    /// Records, in one deny entry for the child, the notes a page or answer held back, stored
    /// before the answer leaves like the page's own entry.
    func auditWithheld(_ withheld: [(note: NoteRow, reason: String)], personId: Int64) {
        guard !withheld.isEmpty, let log = application.auditLog else { return }
        let ids = withheld.map { String($0.note.id) }.joined(separator: ", ")
        let receipt = log.enqueue(AuditEvent(actor: actor, action: .read, resource: Resource(.caseNote, personId: personId), purpose: .directCare,
                                             decision: "deny", reason: withheld[0].reason, path: url.path,
                                             detail: "\(withheld.count) note\(withheld.count == 1 ? "" : "s") withheld: \(ids)"))
        storage[PendingAuditKey.self] = (storage[PendingAuditKey.self] ?? []) + [receipt]
    }
}

/// Fails closed: a route that answered without asking the policy gets a 500 instead of its
/// response, so a forgotten check can never leak data. No answer leaves before the audit
/// entries of what the request read are stored; if one cannot be, the answer is an error.
struct PolicyEnforcementMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            try await auditStored(request)
            throw error
        }
        try await auditStored(request)
        if (request.storage[PolicyConsultedKey.self] ?? 0) == 0, response.status != .notFound {
            request.logger.error("route did not consult the access policy", metadata: ["path": .string(request.url.path)])
            throw Abort(.internalServerError, reason: "This route did not consult the access policy.")
        }
        return response
    }

    private func auditStored(_ request: Request) async throws {
        for receipt in request.storage[PendingAuditKey.self] ?? [] { try await receipt.stored() }
    }
}
