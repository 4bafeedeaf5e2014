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
                return .deny("Only universal health services (maternity, health visiting, GP, school nursing) start on that basis")
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
}
