/// Who is asking. Built by the server from the signed-in session or bearer token.
public struct Actor: Sendable, Equatable {
    public var practitionerId: Int64?
    public var profession: Profession?
    public var organisationId: Int64?
    public var teamIds: [Int64]
    /// Designations beyond the profession, such as safeguarding lead or Caldicott guardian.
    public var roles: [Role]
    /// A system client (a maternity or child-health system), not a person: the source system
    /// its credential may send notifications into. It holds the notify permission and nothing else.
    public var notifySource: Int64?
    /// A GP practice's own system (its ODS code), not a person: its credential holds the read
    /// scope for the children registered with that practice, and nothing else.
    public var readsForPractice: String?
    /// The monitoring system (Prometheus), not a person: its credential reads the service's
    /// own metrics and nothing else.
    public var readsMetrics: Bool
    /// A parent or carer signed in to their own family's record, not a practitioner.
    public var familyMember: FamilyMember?

    public init(practitionerId: Int64?, profession: Profession?, organisationId: Int64?, teamIds: [Int64] = [], roles: [Role] = [],
                notifySource: Int64? = nil, readsForPractice: String? = nil, readsMetrics: Bool = false, familyMember: FamilyMember? = nil) {
        self.practitionerId = practitionerId
        self.profession = profession
        self.organisationId = organisationId
        self.teamIds = teamIds
        self.roles = roles
        self.notifySource = notifySource
        self.readsForPractice = readsForPractice
        self.readsMetrics = readsMetrics
        self.familyMember = familyMember
    }

    /// A parent or carer signed in to their family's record.
    public static func family(_ member: FamilyMember) -> Actor {
        Actor(practitionerId: nil, profession: nil, organisationId: nil, familyMember: member)
    }

    public static let anonymous = Actor(practitionerId: nil, profession: nil, organisationId: nil)

    /// A system client that may send notifications into one source's feed.
    public static func systemClient(source: Int64) -> Actor {
        Actor(practitionerId: nil, profession: nil, organisationId: nil, notifySource: source)
    }
    /// A GP practice's system that may read its registered children's records.
    public static func practiceSystem(ods: String) -> Actor {
        Actor(practitionerId: nil, profession: nil, organisationId: nil, readsForPractice: ods)
    }
    /// The monitoring system that scrapes `/metrics`.
    public static let metricsSystem = Actor(practitionerId: nil, profession: nil, organisationId: nil, readsMetrics: true)
    public var isSignedIn: Bool { practitionerId != nil }
    /// A system client rather than a person.
    public var isSystem: Bool { notifySource != nil || readsForPractice != nil || readsMetrics }
}

/// A parent or carer's account: who they are in the family, and which family.
public struct FamilyMember: Sendable, Equatable {
    public var accountId: Int64
    public var personId: Int64
    public var familyId: Int64
    public init(accountId: Int64, personId: Int64, familyId: Int64) { self.accountId = accountId; self.personId = personId; self.familyId = familyId }
}

/// A designation a practitioner holds on top of their profession.
public enum Role: String, Vocabulary {
    case safeguardingLead = "safeguarding_lead"
    case caldicottGuardian = "caldicott_guardian"
    /// Keeps the person index: registers source systems, imports their files, reviews
    /// proposed links, merges and unmerges people, exports the links.
    case dataQuality = "data_quality"
    /// Manages a locality's services: sees that locality's reports.
    case localityManager = "locality_manager"
    public var label: String {
        switch self {
        case .localityManager: "Locality manager"
        case .safeguardingLead: "Safeguarding lead"
        case .caldicottGuardian: "Caldicott guardian"
        case .dataQuality: "Data quality (person index)"
        }
    }
}

public enum Action: String, Sendable, CaseIterable {
    case read, search, create, update, export
}

/// What is being accessed: a category of data, and whose record when there is one.
public struct Resource: Sendable, Equatable {
    public enum Category: String, Sendable, CaseIterable {
        /// Pages anyone may see: sign-in, stylesheet, health check, API description.
        case publicPage = "public_page"
        /// The signed-in user's own session and home page.
        case ownAccount = "own_account"
        case searchResult = "search_result"
        case demographics
        case servicesInvolved = "services_involved"
        case chronology
        case caseNote = "case_note"
        case contact
        case involvement
        case family
        /// Reference lists: organisations, services, practitioners.
        case directory
        /// The audit trail: who accessed a record, denials, a user's activity.
        case auditTrail = "audit_trail"
        /// Consent records, information-sharing agreements and break-glass reviews.
        case governance
        /// A family's consent decisions on a child's record.
        case consent
        /// Asking for emergency access to a record without a relationship.
        case breakGlass = "break_glass"
        /// Practitioners' accounts: create, deactivate, unlock.
        case accounts
        /// Healthy Child Programme reviews and their results (ASQ-3, ASQ:SE-2, the integrated
        /// review), family-led assessments and service levels.
        case assessment
        /// The early-years setting's own section of the integrated 2–2½ year review.
        case settingSection = "setting_section"
        /// A practitioner's worklist of reviews due for their teams' children.
        case worklist
        /// Counts and percentages with no named child (timeliness metrics).
        case aggregateReport = "aggregate_report"
        /// A family asking the early help front door for support themselves.
        case selfReferral = "self_referral"
        /// A practitioner's request for support to the front door (`itemId`: the request).
        case supportRequest = "support_request"
        /// The front door's own work: the triage queue, the advice line, panels and plans.
        case frontDoor = "front_door"
        /// A multi-agency panel's agenda (`itemId`: the panel; `familyId`: one agenda family).
        case panelAgenda = "panel_agenda"
        /// A team-around-the-family plan (`itemId`: the plan).
        case familyPlan = "family_plan"
        /// A family's early help: level of need with history, requests, plan and programme offers.
        case earlyHelpFamily = "early_help_family"
        /// The person index: source systems, imports and their reports, link reviews
        /// (two named records side by side), merges and the links export.
        case personIndex = "person_index"
        /// A children's centre's own work (`itemId`: the centre): its monthly list of consented
        /// births, registrations, activities and welcome cards.
        case centreList = "centre_list"
        /// Birth and antenatal notifications a system client sends into its own feed
        /// (`itemId`: the source system).
        case notification
        /// How the service is running (`/metrics`): request times, imports, the audit queue and
        /// database connections; no person's data.
        case serviceMetrics = "service_metrics"
        /// A service's own entry in the public local offer (`itemId`: the service).
        case localOffer = "local_offer"
        /// A family's own view of its record (`familyId`): who is involved, reviews due, who has
        /// looked and why, what is shared, its journey and plan; never notes.
        case familyRecord = "family_record"
        /// The partnership's self-assessment against the maturity matrix: no person's data.
        case partnership
        /// A family's request to correct its record or change a review (`familyId`; `itemId`:
        /// the request). With no family: the records team's queue of them.
        case familyRequest = "family_request"
    }

    public var category: Category
    public var personId: Int64?
    public var familyId: Int64?
    /// The note itself, for note rules.
    public var noteId: Int64?
    /// The early help record the category names: a request, a panel or a plan.
    public var itemId: Int64?

    public init(_ category: Category, personId: Int64? = nil, familyId: Int64? = nil, noteId: Int64? = nil, itemId: Int64? = nil) {
        self.category = category
        self.personId = personId
        self.familyId = familyId
        self.noteId = noteId
        self.itemId = itemId
    }
}

public enum Purpose: String, Vocabulary {
    case directCare = "direct_care"
    case administration
    case signIn = "sign_in"
    /// A multi-agency panel discussing the families on its agenda.
    case multiAgencyPanel = "multi_agency_panel"
    /// A parent or carer looking at their own family's record.
    case ownFamily = "own_family"
    public var label: String {
        switch self {
        case .directCare: "Direct care"
        case .administration: "Administration"
        case .signIn: "Signing in"
        case .multiAgencyPanel: "Multi-agency panel"
        case .ownFamily: "Their own family's record"
        }
    }
}

/// The answer to one access question, with the reason a person can read.
public struct Decision: Sendable, Equatable {
    public var allowed: Bool
    public var reason: String
    /// Access given only through break-glass: audited as such and reviewed.
    public var breakGlass: Bool = false
    /// What the caller must still do, for example show only minimal demographics.
    public var obligations: [String] = []

    public static func allow(_ reason: String, obligations: [String] = []) -> Decision {
        Decision(allowed: true, reason: reason, obligations: obligations)
    }
    public static func deny(_ reason: String) -> Decision { Decision(allowed: false, reason: reason) }
}
