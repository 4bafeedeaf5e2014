/// A practitioner's legitimate relationship to a child, found from the record.
public enum CareRelationship: Sendable, Equatable {
    /// A service of one of their teams is involved with the child or the family.
    case teamInvolved(service: String)
    /// They lead a service's involvement.
    case leadProfessional(service: String)
    /// The family registered with their children's centre, agreeing to it keeping their details.
    case registeredWithCentre(centre: String)

    public var description: String {
        switch self {
        case .teamInvolved(let s): return "your team's service \(s) is involved"
        case .leadProfessional(let s): return "you are lead professional for \(s)"
        case .registeredWithCentre(let c): return "the family registered with \(c)"
        }
    }
}

/// The note being read, for note rules.
public struct NoteFact: Sendable, Equatable {
    public var authorId: Int64
    public var authorProfession: Profession?
    public var authorOrganisation: Int64
    public var visibility: NoteVisibility

    public init(authorId: Int64, authorProfession: Profession?, authorOrganisation: Int64, visibility: NoteVisibility) {
        self.authorId = authorId; self.authorProfession = authorProfession
        self.authorOrganisation = authorOrganisation; self.visibility = visibility
    }
}

/// An open break-glass grant.
public struct BreakGlassFact: Sendable, Equatable {
    public var id: Int64
    public var reason: String
    public var expiresAt: String
    public init(id: Int64, reason: String, expiresAt: String) { self.id = id; self.reason = reason; self.expiresAt = expiresAt }
}

/// What the server found out about this actor and this record before asking the policy.
public struct AccessFacts: Sendable, Equatable {
    public var relationships: [CareRelationship] = []
    public var consents: [ConsentFact] = []
    /// Live agreements to which the actor's organisation is a party.
    public var agreements: [AgreementFact] = []
    public var breakGlass: BreakGlassFact? = nil
    public var note: NoteFact? = nil
    /// The involvement being changed or ended, or the service proposed to start one.
    public var involvement: InvolvementFact? = nil
    public var actorOrganisationKind: OrganisationKind? = nil
    /// The locality of a locality manager's team, for the reports they see.
    public var actorLocality: String? = nil
    /// Organisations whose services are involved with the child: whose data a view shares.
    public var dataOrganisations: [Int64] = []
    public var earlyHelp = EarlyHelpFacts()
    /// The ODS code of the GP practice the child is registered with (read for a GP system).
    public var registeredPractice: String? = nil
    /// The team that runs the service whose local offer entry is being kept.
    public var serviceTeamId: Int64? = nil
    /// For a parent's request about one person: that person's family, and whether they are a child.
    public var personFamilyId: Int64? = nil
    public var personIsChild = false
    public var today: Day

    public init(today: Day) { self.today = today }
}

/// The actor's part in a family's early help, found from the request, panel or plan.
public struct EarlyHelpFacts: Sendable, Equatable {
    public enum PlanRole: Sendable, Equatable { case lead, member }
    /// They made the request being read.
    public var isReferrer = false
    /// They sit on the panel being read.
    public var panelMember = false
    /// The family being read is on that panel's agenda.
    public var familyOnAgenda = false
    /// Their place in the family's team around the family.
    public var planRole: PlanRole? = nil

    public init(isReferrer: Bool = false, panelMember: Bool = false, familyOnAgenda: Bool = false, planRole: PlanRole? = nil) {
        self.isReferrer = isReferrer; self.panelMember = panelMember; self.familyOnAgenda = familyOnAgenda; self.planRole = planRole
    }
}
