/// The lawful basis a practitioner gives when their team's service starts working with a child,
/// which the policy checks: an involvement is a relationship, and so opens the record.
public enum InvolvementBasis: String, Vocabulary {
    /// A universal health service's duty to every child in its area (maternity, health
    /// visiting, the GP practice, school nursing): the Healthy Child Programme, public task.
    case universalService = "universal_service"
    /// A statutory duty to a child in need or at risk (Children Act 1989, sections 17 and 47).
    case statutoryDuty = "statutory_duty"
    /// The family agreed, with a practitioner already working with them, that this service
    /// should work with them too.
    case familyAgreed = "family_agreed"

    public var label: String {
        switch self {
        case .universalService: "Universal health service (Healthy Child Programme, maternity, GP)"
        case .statutoryDuty: "Statutory duty: child in need or child protection (Children Act 1989)"
        case .familyAgreed: "The family agreed, with a practitioner already working with them"
        }
    }
}

/// An involvement being changed or ended, or a service proposed to start one.
public struct InvolvementFact: Sendable, Equatable {
    /// The team whose service the involvement is now (nil for a new one, or a service no team runs).
    public var teamId: Int64?
    public var leadPractitionerId: Int64?
    /// The team of the service being started, or changed to.
    public var proposedTeamId: Int64?
    public var basis: InvolvementBasis?
    /// Whose child it is, for a universal service's duty: the locality the child lives in and
    /// the one the proposed team serves; the GP practice the child is registered with and the
    /// actor's own practice (ODS codes); whether the child is unborn, and its age in days.
    public var childLocality: String? = nil
    public var teamLocality: String? = nil
    public var childPractice: String? = nil
    public var actorPractice: String? = nil
    public var unborn = false
    public var ageInDays: Int? = nil

    public init(teamId: Int64? = nil, leadPractitionerId: Int64? = nil, proposedTeamId: Int64? = nil, basis: InvolvementBasis? = nil) {
        self.teamId = teamId; self.leadPractitionerId = leadPractitionerId; self.proposedTeamId = proposedTeamId; self.basis = basis
    }
}

extension AccessPolicy {
    /// Starting, changing or ending an involvement. Only a team's own service may be started,
    /// on a basis the policy accepts for the profession; only the involved team (or the lead
    /// professional) may change or end it. Break-glass reads a record; it never starts a
    /// relationship.
    func involvementDecision(_ actor: Actor, _ profession: Profession, _ action: Action, _ facts: AccessFacts) -> Decision {
        let related = !facts.relationships.isEmpty
        let dutyBound = rules.universalServices.contains(profession) || rules.statutoryServices.contains(profession)
        if action == .create {
            guard let proposal = facts.involvement else {
                // The empty form: offered to whoever could start a service on some basis.
                if related || dutyBound { return .allow("You may start your team's service with this child, giving its lawful basis") }
                return .deny("You have no relationship with this child and no universal or statutory duty to them; ask the early help front door, which allocates services")
            }
            guard let team = proposal.proposedTeamId, actor.teamIds.contains(team) else {
                return .deny("You can start only a service your own team runs; ask that service, or the early help front door, to take the family on")
            }
            guard let basis = proposal.basis else { return .deny("Say on what lawful basis your service starts working with this child") }
            switch basis {
            case .universalService where !rules.universalServices.contains(profession):
                return .deny("Only universal health services (maternity, health visiting, the GP practice) start on that basis")
            case .universalService:
                if let refusal = universalDuty(profession, proposal) { return refusal }
                return .allow("Starting your team's service; lawful basis: \(basis.label.lowercased())")
            case .statutoryDuty where !rules.statutoryServices.contains(profession):
                return .deny("Only children's social care starts a service under the Children Act duty")
            case .familyAgreed where !related:
                return .deny("The family's agreement is recorded by a practitioner already working with them, and you have no relationship with this child")
            default:
                return .allow("Starting your team's service; lawful basis: \(basis.label.lowercased())")
            }
        }
        guard let current = facts.involvement else { return .deny("No facts about this involvement were available to decide on") }
        let ours = current.teamId.map(actor.teamIds.contains) ?? false
        guard ours || (current.leadPractitionerId != nil && current.leadPractitionerId == actor.practitionerId) else {
            return .deny("Only the team whose service this is, or its lead professional, may change or end it")
        }
        if let to = current.proposedTeamId, to != current.teamId, !actor.teamIds.contains(to) {
            return .deny("You can move an involvement only to another service your own team runs")
        }
        return .allow(ours ? "Your team's own involvement" : "You are its lead professional")
    }

    /// A universal service's duty reaches its own children only: the GP practice's registered
    /// patients, health visiting's children living in the team's locality, midwifery's
    /// pregnancies and babies up to 28 days.
    func universalDuty(_ profession: Profession, _ f: InvolvementFact) -> Decision? {
        switch profession {
        case .gp:
            guard let practice = f.actorPractice, f.childPractice == practice else {
                return .deny("A GP practice starts on this basis only for a child registered with it")
            }
        case .healthVisitor, .nurseryNurse:
            guard let locality = f.teamLocality, f.childLocality == locality else {
                return .deny("Health visiting starts on this basis only for a child living in its team's locality")
            }
        case .midwife:
            guard f.unborn || (f.ageInDays ?? .max) <= 28 else {
                return .deny("Midwifery starts on this basis only for a pregnancy or a baby up to 28 days old")
            }
        default:
            break
        }
        return nil
    }
}
