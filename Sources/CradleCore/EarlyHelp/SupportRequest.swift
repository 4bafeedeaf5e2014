/// A request for support to the early help front door (single point of access), from a
/// practitioner or from the family itself.
public enum RequestSource: String, Vocabulary {
    case practitioner, family
    public var label: String { self == .family ? "Family (self-referral)" : "Practitioner" }
}

/// What the family, or the practitioner, is worried about: the CAF domains' everyday words.
public enum SupportConcern: String, Vocabulary {
    case childDevelopment = "child_development"
    case speechAndLanguage = "speech_and_language"
    case behaviour
    case parentalMentalHealth = "parental_mental_health"
    case domesticAbuse = "domestic_abuse"
    case substanceMisuse = "substance_misuse"
    case housing
    case money
    case isolation
    case parenting
    case health

    public var label: String {
        switch self {
        case .childDevelopment: "Child's development"
        case .speechAndLanguage: "Speech, language and communication"
        case .behaviour: "Behaviour"
        case .parentalMentalHealth: "A parent's mental health"
        case .domesticAbuse: "Domestic abuse"
        case .substanceMisuse: "Drugs or alcohol"
        case .housing: "Housing"
        case .money: "Money and debt"
        case .isolation: "Feeling alone or isolated"
        case .parenting: "Parenting and routines"
        case .health: "Physical health"
        }
    }
}

/// What triage decided.
public enum TriageOutcome: String, Vocabulary {
    case advice
    case signpost
    case allocate
    case panel
    case stepUp = "step_up"

    public var label: String {
        switch self {
        case .advice: "Advice and information"
        case .signpost: "Signpost to a community service"
        case .allocate: "Allocate to a service"
        case .panel: "Take to a multi-agency panel"
        case .stepUp: "Step up to children's social care"
        }
    }

    /// Where the request goes next.
    public var status: RequestStatus {
        switch self {
        case .advice, .signpost: .closed
        case .allocate: .allocated
        case .panel: .awaitingPanel
        case .stepUp: .steppedUp
        }
    }
}

public enum RequestStatus: String, Vocabulary {
    case awaitingTriage = "awaiting_triage"
    case awaitingPanel = "awaiting_panel"
    case allocated
    case teamAroundTheFamily = "team_around_the_family"
    case steppedUp = "stepped_up"
    case closed

    public var label: String {
        switch self {
        case .awaitingTriage: "Awaiting triage"
        case .awaitingPanel: "Awaiting panel"
        case .allocated: "Allocated"
        case .teamAroundTheFamily: "Team around the family"
        case .steppedUp: "Stepped up to social care"
        case .closed: "Closed"
        }
    }

    /// Triage happens once; a triaged request moves on through the panel or a plan.
    public var canTriage: Bool { self == .awaitingTriage }
    public var canTakeToPanel: Bool { self == .awaitingPanel || self == .awaitingTriage || self == .allocated }
}

/// A request for support, validated whole.
public struct SupportRequestInput: Sendable, Equatable {
    public var source: RequestSource
    /// The child's record, when a practitioner refers a child Cradle knows.
    public var personId: Int64?
    /// What a family (or a practitioner about a child not yet on Cradle) tells us.
    public var childName: String?
    public var childDateOfBirth: Day?
    public var parentName: String?
    public var contact: String?
    public var postcode: Postcode?
    public var concerns: [SupportConcern]
    public var details: String
    public var consent: Bool
    public var suggestedLevel: Int?

    /// Consent is mandatory (CAF: early help is voluntary and needs informed consent).
    public static func validate(_ fields: [String: String], source: RequestSource, continuum: NeedContinuum,
                                today: Day) -> Result<SupportRequestInput, FieldErrors> {
        var f = FieldReader(fields)
        let personId = source == .practitioner ? f.identifier("personId", label: "Child", required: false) : nil
        let needsDetails = personId == nil
        let childName = f.text("childName", label: "Child's name", required: needsDetails, max: 100)
        let dob = f.day("childDateOfBirth", label: "Child's date of birth (or due date)", required: false,
                        notAfter: today + 280, notBefore: today.adding(months: -12 * 18))
        let parentName = f.text("parentName", label: "Parent or carer's name", required: source == .family, max: 100)
        let contact = f.text("contact", label: "Phone number or email", required: source == .family, max: 100)
        let postcode = f.postcode("postcode", required: source == .family)
        let concerns = f.list("concerns").compactMap(SupportConcern.init(rawValue:))
        if concerns.isEmpty && f.list("concerns").isEmpty { f.errors.add("concerns", "Choose at least one thing you are worried about") }
        if concerns.count != f.list("concerns").count { f.errors.add("concerns", "Concerns must be chosen from the list") }
        let details = f.text("details", label: source == .family ? "What is happening and what would help" : "Details of the concern", max: 4000)
        let consent = fields["consent"] == "yes"
        if !consent {
            f.errors.add("consent", source == .family
                         ? "We can only help with your agreement: tick to say we may share this with the services that can help"
                         : "Record that the family agreed to this request; early help needs the family's informed consent")
        }
        let level = f.integer("suggestedLevel", label: "Suggested level of need", range: 1...max(1, continuum.levels.count))
        guard f.errors.isEmpty, let details else { return .failure(f.errors) }
        return .success(SupportRequestInput(source: source, personId: personId, childName: childName, childDateOfBirth: dob,
                                            parentName: parentName, contact: contact, postcode: postcode, concerns: concerns,
                                            details: details, consent: consent, suggestedLevel: level))
    }
}

/// A triage decision, validated against what each outcome needs.
public struct TriageInput: Sendable, Equatable {
    public var outcome: TriageOutcome
    public var level: Int
    public var rationale: String
    /// The service allocated to (allocate).
    public var serviceId: Int64?
    /// The community service signposted to (signpost).
    public var signpostTo: String?
    /// The child's record, when triage links a self-referral to it.
    public var personId: Int64?

    public init(outcome: TriageOutcome, level: Int, rationale: String, serviceId: Int64? = nil, signpostTo: String? = nil, personId: Int64? = nil) {
        self.outcome = outcome; self.level = level; self.rationale = rationale
        self.serviceId = serviceId; self.signpostTo = signpostTo; self.personId = personId
    }

    public static func validate(_ fields: [String: String], continuum: NeedContinuum, status: RequestStatus,
                                linked: Bool) -> Result<TriageInput, FieldErrors> {
        var f = FieldReader(fields)
        if !status.canTriage { f.errors.add("outcome", "This request was already triaged (\(status.label.lowercased()))") }
        let outcome = f.choice("outcome", label: "Outcome", as: TriageOutcome.self)
        let level = f.integer("level", label: "Level of need", range: 1...max(1, continuum.levels.count), required: true)
        let rationale = f.text("rationale", label: "Rationale", max: 2000)
        let serviceId = f.identifier("serviceId", label: "Service", required: outcome == .allocate)
        let signpost = f.text("signpostTo", label: "Community service", required: outcome == .signpost, max: 200)
        let personId = f.identifier("personId", label: "Child's record", required: false)
        if let outcome, [.allocate, .panel, .stepUp].contains(outcome), !linked, personId == nil {
            f.errors.add("personId", "Link the request to the child's record before you \(outcome.label.lowercased())")
        }
        if let outcome, let level {
            if outcome == .stepUp && level < continuum.statutory {
                f.errors.add("level", "Stepping up to social care means \(continuum.label(continuum.statutory))")
            }
            if outcome != .stepUp && level >= continuum.statutory {
                f.errors.add("outcome", "At \(continuum.label(level)) the outcome is a step up to children's social care")
            }
        }
        guard f.errors.isEmpty, let outcome, let level, let rationale else { return .failure(f.errors) }
        return .success(TriageInput(outcome: outcome, level: level, rationale: rationale, serviceId: serviceId,
                                    signpostTo: signpost, personId: personId))
    }
}

/// A call or message to the advice line: recorded whether or not a family is named.
public struct AdviceEnquiry: Sendable, Equatable {
    public enum Caller: String, Vocabulary {
        case professional, family
        public var label: String { self == .family ? "Family member" : "Professional" }
    }
    public var caller: Caller
    public var callerName: String?
    public var organisation: String?
    public var topic: String
    public var advice: String
    public var familyId: Int64?

    public init(caller: Caller, callerName: String? = nil, organisation: String? = nil, topic: String, advice: String, familyId: Int64? = nil) {
        self.caller = caller; self.callerName = callerName; self.organisation = organisation
        self.topic = topic; self.advice = advice; self.familyId = familyId
    }

    public static func validate(_ fields: [String: String]) -> Result<AdviceEnquiry, FieldErrors> {
        var f = FieldReader(fields)
        let caller = f.choice("caller", label: "Who called", as: Caller.self)
        let name = f.text("callerName", label: "Caller's name", required: false, max: 100)
        let org = f.text("organisation", label: "Organisation", required: caller == .professional, max: 200)
        let topic = f.text("topic", label: "What they asked", max: 1000)
        let advice = f.text("advice", label: "Advice given", max: 2000)
        let family = f.identifier("familyId", label: "Family", required: false)
        guard f.errors.isEmpty, let caller, let topic, let advice else { return .failure(f.errors) }
        return .success(AdviceEnquiry(caller: caller, callerName: name, organisation: org, topic: topic, advice: advice, familyId: family))
    }
}
