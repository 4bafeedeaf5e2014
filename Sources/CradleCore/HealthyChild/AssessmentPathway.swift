/// The universal assessment pathway as configurable data: stages with age windows and tools
/// (modelled on Greater Manchester's eight stages from pregnancy to school), and for each
/// kind of concern the pathway to follow and an evidence-based programme to offer.
public struct AssessmentPathway: Sendable, Codable, Equatable {
    public struct Stage: Sendable, Codable, Equatable {
        public var number: Int
        public var name: String
        /// Age window in days from birth; negative days are weeks of pregnancy before the due date.
        public var fromDay: Int
        public var toDay: Int
        public var tools: [String]
    }

    public struct Route: Sendable, Codable, Equatable {
        public var concern: Concern
        public var pathway: String
        public var nextSteps: [String]
        public var programme: String
    }

    public var stages: [Stage]
    public var routes: [Route]

    public func route(for concern: Concern) -> Route? { routes.first { $0.concern == concern } }

    /// The stage a child of `ageDays` is in (or about to reach), for the record page.
    public func stage(atAgeDays ageDays: Int) -> Stage? {
        stages.first { ageDays >= $0.fromDay && ageDays <= $0.toDay } ?? stages.first { $0.fromDay > ageDays }
    }

    /// What a review's results propose: a route for each area below its ASQ-3 cut-off, for an
    /// ASQ:SE-2 above its cut-off, and for each concern the practitioner recorded.
    public func proposals(asq: ASQ3Result?, asqSE: ASQSE2Result?, concerns: [Concern]) -> [Route] {
        var wanted: [Concern] = []
        for area in asq?.belowCutoff ?? [] { wanted.append(Concern(area: area)) }
        if asqSE?.band == .aboveCutoff { wanted.append(.socialEmotional) }
        wanted += concerns
        var seen = Set<Concern>()
        return wanted.filter { seen.insert($0).inserted }.compactMap(route(for:))
    }

    /// The shipped pathway. Stages and routes are a local authority's to change; these follow
    /// the report's case studies (Greater Manchester's core pathways and interventions).
    public static let standard = AssessmentPathway(
        stages: [
            Stage(number: 1, name: "Pregnancy (from 28 weeks)", fromDay: -84, toDay: -1, tools: ["Antenatal health-promoting review", "Perinatal mental health questions"]),
            Stage(number: 2, name: "New birth (10–14 days)", fromDay: 0, toDay: 41, tools: ["New birth visit", "Newborn Behavioural Observations"]),
            Stage(number: 3, name: "6–8 weeks", fromDay: 42, toDay: 89, tools: ["6–8 week review", "Maternal mood review"]),
            Stage(number: 4, name: "3–4 months", fromDay: 90, toDay: 269, tools: ["Parent–infant relationship observation"]),
            Stage(number: 5, name: "9–12 months", fromDay: 270, toDay: 455, tools: ["12-month review", "ASQ-3", "ASQ:SE-2"]),
            Stage(number: 6, name: "18 months", fromDay: 456, toDay: 729, tools: ["ASQ-3 (setting or health visitor)"]),
            Stage(number: 7, name: "2–2½ years (integrated review)", fromDay: 730, toDay: 1_094, tools: ["ASQ-3", "ASQ:SE-2", "EYFS progress check", "WellComm"]),
            Stage(number: 8, name: "3–4 years (school readiness)", fromDay: 1_095, toDay: 1_825, tools: ["EYFS assessment", "Transition to school"]),
        ],
        routes: [
            Route(concern: .communication, pathway: "Communication and language", nextSteps: ["WellComm screen", "Refer to speech and language therapy if WellComm is red"], programme: "Parent–child communication and language programme"),
            Route(concern: .physical, pathway: "Special needs and disability", nextSteps: ["Re-check with ASQ-3 in 2 months", "GP or paediatric review if still below the cut-off"], programme: "Portage home-visiting"),
            Route(concern: .learning, pathway: "Special needs and disability", nextSteps: ["Discuss with the setting's SENCo", "Re-check with ASQ-3 in 2 months"], programme: "Portage home-visiting"),
            Route(concern: .socialEmotional, pathway: "Social, emotional and behavioural", nextSteps: ["ASQ:SE-2 follow-up", "Review at the setting"], programme: "Incredible Years parenting programme"),
            Route(concern: .parentalMentalHealth, pathway: "Parental mental health", nextSteps: ["Perinatal mental-health pathway", "GP informed with consent"], programme: "Video Interaction Guidance"),
            Route(concern: .attachment, pathway: "Parent–infant attachment", nextSteps: ["Parent–infant relationship assessment"], programme: "Video Interaction Guidance"),
            Route(concern: .domesticAbuse, pathway: "Domestic abuse", nextSteps: ["Safety planning with the parent", "Discuss with the safeguarding lead"], programme: "Domestic abuse recovery programme"),
            Route(concern: .substanceMisuse, pathway: "Drugs and alcohol", nextSteps: ["Refer to the substance misuse service with consent"], programme: "Parents under Pressure"),
            Route(concern: .youngParent, pathway: "Young parents", nextSteps: ["Check eligibility for the Family Nurse Partnership"], programme: "Family Nurse Partnership"),
        ])
}

/// What a review can raise: an ASQ-3 area below its cut-off maps to one of these, and the
/// practitioner can record the others.
public enum Concern: String, Vocabulary {
    case communication
    case physical
    case learning
    case socialEmotional = "social_emotional"
    case parentalMentalHealth = "parental_mental_health"
    case attachment
    case domesticAbuse = "domestic_abuse"
    case substanceMisuse = "substance_misuse"
    case youngParent = "young_parent"

    public init(area: ASQArea) {
        switch area {
        case .communication: self = .communication
        case .grossMotor, .fineMotor: self = .physical
        case .problemSolving: self = .learning
        case .personalSocial: self = .socialEmotional
        }
    }

    public var label: String {
        switch self {
        case .communication: "Communication and language"
        case .physical: "Physical development"
        case .learning: "Learning (problem solving)"
        case .socialEmotional: "Social and emotional development"
        case .parentalMentalHealth: "Parental mental health"
        case .attachment: "Parent–infant attachment"
        case .domesticAbuse: "Domestic abuse"
        case .substanceMisuse: "Drugs or alcohol"
        case .youngParent: "Young parent"
        }
    }
}
