/// Multi-agency panels (Warwickshire's weekly Family Matters meetings): a schedule, members,
/// an agenda of families, attendance, and per family a discussion, decision and actions.
public enum PanelDecision: String, Vocabulary {
    case teamAroundTheFamily = "team_around_the_family"
    case allocate
    case stepUp = "step_up"
    case noFurtherAction = "no_further_action"
    case representNext = "represent_next"

    public var label: String {
        switch self {
        case .teamAroundTheFamily: "Team around the family with a lead professional"
        case .allocate: "Allocate to a single service"
        case .stepUp: "Step up to children's social care"
        case .noFurtherAction: "No further action: universal services"
        case .representNext: "Bring back to the next panel"
        }
    }

    public var requestStatus: RequestStatus {
        switch self {
        case .teamAroundTheFamily: .teamAroundTheFamily
        case .allocate: .allocated
        case .stepUp: .steppedUp
        case .noFurtherAction: .closed
        case .representNext: .awaitingPanel
        }
    }
}

/// Why a family is on an agenda.
public enum AgendaSource: String, Vocabulary {
    case triage
    case twoYearReview = "two_year_review"
    case familyOfConcern = "family_of_concern"
    public var label: String {
        switch self {
        case .triage: "Triaged request"
        case .twoYearReview: "Concern from a 2-year review"
        case .familyOfConcern: "Family of concern raised by a member"
        }
    }
}

/// A decision on one agenda family, validated against what it needs.
public struct PanelDecisionInput: Sendable, Equatable {
    public var discussion: String
    public var decision: PanelDecision
    public var level: Int
    /// The lead professional for a team around the family.
    public var leadId: Int64?
    /// The service for an allocation.
    public var serviceId: Int64?

    public static func validate(_ fields: [String: String], continuum: NeedContinuum) -> Result<PanelDecisionInput, FieldErrors> {
        var f = FieldReader(fields)
        let discussion = f.text("discussion", label: "Discussion", max: 4000)
        let decision = f.choice("decision", label: "Decision", as: PanelDecision.self)
        let level = f.integer("level", label: "Level of need", range: 1...max(1, continuum.levels.count), required: true)
        let lead = f.identifier("leadId", label: "Lead professional", required: decision == .teamAroundTheFamily)
        let service = f.identifier("serviceId", label: "Service", required: decision == .allocate)
        if decision == .stepUp, let level, level < continuum.statutory {
            f.errors.add("level", "Stepping up to social care means \(continuum.label(continuum.statutory))")
        }
        guard f.errors.isEmpty, let discussion, let decision, let level else { return .failure(f.errors) }
        return .success(PanelDecisionInput(discussion: discussion, decision: decision, level: level, leadId: lead, serviceId: service))
    }
}
