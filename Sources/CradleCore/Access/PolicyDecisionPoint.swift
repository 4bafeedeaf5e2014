/// The one policy decision point. Every route asks it before reading or writing; it answers
/// from the rules (data) and the facts the server found (relationships, consent, agreements,
/// break-glass), and says why.
public struct AccessPolicy: Sendable {
    public var rules: PolicyRules

    public init(rules: PolicyRules = .standard) { self.rules = rules }

    /// Whether this person's profession records Healthy Child Programme reviews at all (for
    /// the children their teams work with): what a page asks before offering "Record".
    public func recordsReviews(_ actor: Actor) -> Bool {
        actor.profession.map(rules.assessmentWriters.contains) ?? false
    }

    public func decide(_ actor: Actor, _ action: Action, _ resource: Resource, purpose: Purpose,
                       facts: AccessFacts? = nil) -> Decision {
        if resource.category == .publicPage { return .allow("Public page") }
        if let member = actor.familyMember { return familyDecision(member, action, resource, purpose, facts) }
        if let source = actor.notifySource {
            guard resource.category == .notification, action == .create, resource.itemId == source else {
                return .deny("A system client's credential carries only the notify permission: it sends notifications into its own feed and reads nothing")
            }
            return .allow("System client notifying its own feed")
        }
        if let practice = actor.readsForPractice { return practiceSystemDecision(practice, action, resource, facts) }
        if actor.readsMetrics {
            guard resource.category == .serviceMetrics, action == .read else {
                return .deny("The monitoring system's credential reads the service's metrics and nothing else")
            }
            return .allow("The monitoring system reading the service's metrics (no person's data)")
        }
        if resource.category == .notification {
            return .deny("Notifications come from system clients with a notify credential; people import files on the person index pages")
        }
        if resource.category == .selfReferral, action == .create { return .allow("A family may ask for help themselves") }
        guard actor.isSignedIn, let profession = actor.profession else { return .deny("Sign in to continue") }
        switch resource.category {
        case .ownAccount: return .allow("Your own account")
        case .directory: return .allow("Reference lists are open to every signed-in practitioner")
        case .auditTrail, .governance:
            if rules.governance.contains(profession) { return .allow("Information governance lead (Caldicott guardian role)") }
            return .deny("Only information governance leads can see the audit trail and agreements")
        case .accounts:
            if rules.accountsOnly.contains(profession) { return .allow("Administrators manage accounts") }
            return .deny("Only administrators manage accounts")
        case .serviceMetrics:
            guard action == .read, rules.accountsOnly.contains(profession) else {
                return .deny("The service's metrics are for administrators and the monitoring system")
            }
            return .allow("Administrators see how the service is running (no person's data)")
        case .breakGlass:
            if let refusal = noNamedRecords(profession) { return refusal }
            if rules.governance.contains(profession) { return .deny("Information governance leads review break-glass; they do not use it") }
            return .allow("Any practitioner may ask for emergency access, giving a reason; it is time-limited and reviewed")
        case .searchResult:
            if let refusal = noNamedRecords(profession) { return refusal }
            return .allow("Search shows minimal demographics only", obligations: ["minimal: " + rules.searchShows.joined(separator: ", ")])
        case .aggregateReport:
            guard let scope = reportScope(actor, locality: facts?.actorLocality) else {
                return .deny("Reports are for analysts, locality managers, and the centres and health visiting teams whose work they measure")
            }
            return .allow(scope.reason)
        case .personIndex:
            if let refusal = noNamedRecords(profession) { return refusal }
            if let role = actor.roles.first(where: rules.personIndexRoles.contains) {
                return .allow("You keep the person index (\(role.label.lowercased()))")
            }
            return .deny("Only the records team (data quality role) imports source files and reviews, merges or exports links")
        case .centreList:
            guard profession == .childrensCentreWorker, let centre = resource.itemId, actor.organisationId == centre else {
                return .deny("A centre's list of new births is for that centre's own staff")
            }
            return .allow("Your centre's own list: only families who consented to share birth details with children's centres")
        case .familyRequest where actor.roles.contains(where: rules.personIndexRoles.contains):
            if let refusal = noNamedRecords(profession) { return refusal }
            return .allow("The records team answers families' requests to correct their records")
        case .familyRequest where resource.familyId == nil:
            return .deny("Only the records team (data quality role) sees every family's requests")
        case .familyRecord:
            return .deny("A family's own view is for the family; practitioners use the record")
        case .partnership:
            if action == .read { return .allow("The partnership's self-assessment holds no person's data") }
            guard actor.roles.contains(.localityManager) || profession == .analyst else {
                return .deny("Locality managers and analysts record the partnership's scores for its board")
            }
            return .allow("You record the partnership's self-assessment for its board")
        case .localOffer:
            guard let team = facts?.serviceTeamId, actor.teamIds.contains(team) else {
                return .deny("A service's entry in the local offer is kept by the team that runs the service")
            }
            return .allow("Your team runs this service: you keep its entry in the local offer")
        case .worklist:
            if let refusal = noNamedRecords(profession) { return refusal }
            if rules.governance.contains(profession) { return .deny("Information governance leads have no caseload") }
            return .allow("Your own teams' children only")
        default:
            break
        }
        // A named child's record.
        if let refusal = noNamedRecords(profession) { return refusal }
        if rules.governance.contains(profession) {
            return .deny("Information governance leads review access through the audit pages, not the record")
        }
        if let decision = earlyHelpDecision(actor, profession, action, resource, purpose, facts) { return decision }
        // Creating a new child starts a record; nobody has a relationship with it yet.
        if action == .create, resource.personId == nil, resource.familyId == nil, resource.category == .demographics {
            return .allow("Practitioners may register a child they are working with")
        }
        guard let facts else { return .deny("No facts about this record were available to decide on") }
        if resource.category == .involvement, action != .read {
            return involvementDecision(actor, profession, action, facts)
        }

        if resource.category == .assessment || resource.category == .settingSection,
           let purpose = rules.assessmentConsent[profession] {
            return consentedAssessmentDecision(actor, action, resource, purpose, facts)
        }
        var decision = relationshipDecision(actor, profession, resource, facts)
        if resource.category == .assessment || resource.category == .settingSection {
            // Consent to centre sharing is not a relationship for clinical assessments.
            if facts.relationships.isEmpty { decision = .deny("Assessments are shared only with the teams working with the child") }
            if decision.allowed, action != .read, resource.category == .assessment, !rules.assessmentWriters.contains(profession) {
                return .deny("Only health visiting and nursing professions record Healthy Child Programme reviews")
            }
        }
        if !decision.allowed, let glass = facts.breakGlass {
            decision = Decision(allowed: true, reason: "Break-glass until \(glass.expiresAt): \(glass.reason)", breakGlass: true)
        }
        if decision.allowed, resource.category == .caseNote, let note = facts.note {
            return noteDecision(actor, profession, action, note, facts, base: decision)
        }
        return decision
    }

    /// What a GP practice's system may read: its registered children's demographics, the
    /// services involved, their contacts and Healthy Child Programme reviews, for direct care,
    /// as the practice's clinicians would see them in the child's GP record. Never case notes,
    /// the family's consent decisions, early help or anything written.
    func practiceSystemDecision(_ practice: String, _ action: Action, _ resource: Resource, _ facts: AccessFacts?) -> Decision {
        guard action == .read || action == .search else {
            return .deny("A GP system's credential holds the read scope only: it changes nothing")
        }
        switch resource.category {
        case .searchResult:
            return .allow("A GP system may look up a child by NHS number; it is shown only children registered with the practice")
        case .demographics, .servicesInvolved, .contact, .assessment:
            guard resource.personId != nil, let registered = facts?.registeredPractice else {
                return .deny("The child is not registered with a GP practice in Cradle")
            }
            guard registered == practice else { return .deny("The child is registered with another GP practice") }
            return .allow("Registered with the practice (\(practice)): direct care")
        default:
            return .deny("A GP system reads its registered children's demographics, services involved, contacts and reviews; nothing else")
        }
    }

    /// An early-years setting and the integrated review: only with the family's consent to
    /// share it with this setting and an agreement covering assessments; the setting writes
    /// its own section and reads the rest.
    func consentedAssessmentDecision(_ actor: Actor, _ action: Action, _ resource: Resource, _ purpose: ConsentPurpose,
                                     _ facts: AccessFacts) -> Decision {
        guard let consent = consent(purpose, naming: actor, facts) else {
            return .deny("The family has not consented to \(purpose.label.lowercased())")
        }
        guard let agreement = agreementWithInvolved(actor, category: .assessments, facts) else {
            return .deny("The family consented, but no live agreement covers sharing assessments with your setting")
        }
        if action != .read, resource.category == .assessment {
            return .deny("Settings add their own section of the review; the health visitor records the rest")
        }
        return .allow("Consent recorded \(consent.givenOn.display) to \(purpose.label.lowercased()), under \"\(agreement.name)\"")
    }

    /// The family's consent for `purpose` in force today that names the actor's organisation
    /// (by kind or by name), or names no recipient.
    func consent(_ purpose: ConsentPurpose, naming actor: Actor, _ facts: AccessFacts) -> ConsentFact? {
        facts.consents.first {
            $0.purpose == purpose && $0.covers(organisation: actor.organisationId, kind: facts.actorOrganisationKind, on: facts.today)
        }
    }

    /// A live agreement letting one of the organisations involved with the child share
    /// `category` with the actor's organisation, for direct care.
    func agreementWithInvolved(_ actor: Actor, category: DataCategory, _ facts: AccessFacts) -> AgreementFact? {
        guard let org = actor.organisationId else { return nil }
        return facts.agreements.first { a in
            facts.dataOrganisations.contains { $0 != org && a.covers(org, $0, purpose: .directCare, category: category, on: facts.today) }
        }
    }

    func noNamedRecords(_ profession: Profession) -> Decision? {
        if rules.aggregateOnly.contains(profession) {
            return .deny("Analysts see aggregate reports and pseudonymised extracts, never a named record")
        }
        if rules.accountsOnly.contains(profession) {
            return .deny("Administrators manage accounts but cannot read records")
        }
        return nil
    }

    /// Relationship first; for consent-gated professions a recorded consent (with an
    /// agreement covering the sharing) stands in for a relationship.
    func relationshipDecision(_ actor: Actor, _ profession: Profession, _ resource: Resource, _ facts: AccessFacts) -> Decision {
        if let r = facts.relationships.first {
            // The view also shows other organisations' data: each must be covered by a live agreement.
            let others = facts.dataOrganisations.filter { $0 != actor.organisationId }
            guard !others.isEmpty else { return .allow("Legitimate relationship: \(r.description)") }
            var used: [String] = []
            for other in others {
                guard let a = facts.agreements.first(where: {
                    $0.covers(actor.organisationId ?? -1, other, purpose: .directCare, category: .servicesInvolved, on: facts.today)
                }) else {
                    return .deny("Legitimate relationship (\(r.description)), but no live information-sharing agreement covers sharing this child's record between your organisation and the others involved")
                }
                if !used.contains(a.name) { used.append(a.name) }
            }
            return .allow("Legitimate relationship: \(r.description); shared under " + used.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        if let purpose = rules.listOnlyConsent[profession] {
            let latest = facts.consents.first { $0.purpose == purpose }
            let consented = latest.map { "the family's consent to \(purpose.label.lowercased()) is \($0.status.rawValue)" }
                ?? "the family has not consented to \(purpose.label.lowercased())"
            return .deny("Your centre sees a family's record once they register with it or your team is involved; until then \(consented), which puts a family living in your reach area on your centre's list of new births and opens nothing more")
        }
        return .deny("You have no legitimate relationship with this child: no service of your teams is involved and you lead no involvement. In an emergency, use break-glass.")
    }

    /// Who may read a note: its author; its author's profession (across organisations only
    /// under an agreement); the team around the family if widened; safeguarding readers for
    /// safeguarding notes.
    func noteDecision(_ actor: Actor, _ profession: Profession, _ action: Action, _ note: NoteFact, _ facts: AccessFacts,
                      base: Decision) -> Decision {
        if note.authorId == actor.practitionerId { return .allow("You wrote this note") }
        // A note is its author's account: others add their own rather than change it.
        if action != .read { return .deny("Only the note's author can change it; add a new note instead") }
        let sameProfession = note.authorProfession == profession
        let sameOrganisation = note.authorOrganisation == actor.organisationId
        let agreement = facts.agreements.first {
            $0.covers(note.authorOrganisation, actor.organisationId ?? -1, purpose: .directCare, category: .caseNotes, on: facts.today)
        }
        var allowed: Decision? = nil
        switch note.visibility {
        case .team:
            allowed = .allow("Shared with the team around the family; " + base.reason)
        case .profession, .safeguarding:
            if sameProfession && sameOrganisation { allowed = .allow("Written for your profession in your organisation") }
            else if sameProfession, let a = agreement { allowed = .allow("Written for your profession, shared under \"\(a.name)\"") }
            if note.visibility == .safeguarding, rules.safeguardingReaders.contains(profession) {
                allowed = .allow("Safeguarding note: open to \(profession.label.lowercased())s")
            } else if note.visibility == .safeguarding, let role = actor.roles.first(where: rules.safeguardingRoles.contains) {
                allowed = .allow("Safeguarding note: open to you as \(role.label.lowercased())")
            }
        }
        guard var d = allowed else {
            return .deny("This note is restricted to \(note.visibility == .safeguarding ? "social workers, safeguarding leads and " : "")the author's profession (\(note.authorProfession?.label ?? "unknown"))")
        }
        d.breakGlass = base.breakGlass
        return d
    }
}
