/// EIF's integrated early years maturity matrix (the seed's Table 1, "Getting it right for
/// families", 2016): the stages a partnership moves through on each part of integration, with
/// what each stage looks like. The partnership scores itself against it, with evidence, over time.
public enum MaturityStage: Int, Sendable, CaseIterable, Comparable, Codable {
    case basic = 1, early, substantial, mature

    public static func < (a: MaturityStage, b: MaturityStage) -> Bool { a.rawValue < b.rawValue }
    public var label: String {
        switch self {
        case .basic: "Basic level"
        case .early: "Early progress"
        case .substantial: "Substantial progress"
        case .mature: "Maturity"
        }
    }
    public var meaning: String {
        switch self {
        case .basic: "Principle accepted and commitment to action"
        case .early: "Early progress in development"
        case .substantial: "Initial results achieved and outcomes evident"
        case .mature: "Embedded good practice, others learning from achievements"
        }
    }
}

public struct MaturityDimension: Sendable, Equatable {
    public var code: String
    public var name: String
    /// What the dimension looks like at each stage, in stage order.
    public var stages: [String]

    public func looksLike(_ stage: MaturityStage) -> String { stages[stage.rawValue - 1] }

    public static let matrix: [MaturityDimension] = [
        MaturityDimension(code: "leadership", name: "Leadership and governance", stages: [
            "Leaders of some partners agree to explore integration with health and the local authority; existing groups such as the Health and Wellbeing Board or the children's partnership could hold its governance.",
            "Leaders across partners agree to develop integrated services; a partnership board and governance oversee it, accountable into each organisation.",
            "Strategic leadership across health, social care and education; joint governance through the Health and Wellbeing Board and partnership boards.",
            "Strong strategic leadership across health, social care and education, with joint governance arrangements embedded.",
        ]),
        MaturityDimension(code: "commissioning", name: "Commissioning", stages: [
            "Separate commissioning, but agreed priority areas and exploration of shared outcomes.",
            "Separate commissioning, but aligned outcome frameworks and strategic planning.",
            "Joint commissioning for some areas (aligned budgets or Section 75 agreements) and a few jointly funded commissioning posts with shared outcomes.",
            "Fully integrated commissioning: Section 75 agreements and joint commissioning posts at senior and support officer level, with shared outcomes.",
        ]),
        MaturityDimension(code: "information", name: "Information sharing and performance", stages: [
            "Limited information sharing for specific areas, such as live birth data and an individual's information.",
            "Strategic information sharing agreements in place but not fully operational.",
            "Reporting and performance monitoring through a single process; strategic and operational agreements support current and future working.",
            "Reporting and performance monitoring through a single process; information sharing agreements fully operational and actively supported by professionals.",
        ]),
        MaturityDimension(code: "workforce", name: "Integrated working and workforce", stages: [
            "Early exploration of multi-agency integration, with isolated examples of integrated working such as a common assessment tool; services aligned rather than integrated; some integrated training.",
            "Agreement to fund posts jointly or second them; organisations working together to develop integrated processes such as integrated assessments.",
            "Integrated working at organisational and professional level; multi-professional teams working to shared outcomes while line-managed by their own agency; integrated training in place.",
            "A single employer of an integrated workforce in multi-agency teams, with professional supervision within each profession; integrated training builds common skills.",
        ]),
        MaturityDimension(code: "systems", name: "IT systems and processes", stages: [
            "Stand-alone IT systems, with integrated systems being explored.",
            "Option appraisals for developing an integrated IT system.",
            "Single assessment and often a single referral process with integrated support packages; limited electronic data sharing.",
            "Single assessment and referral processes with integrated support packages; integrated IT systems or shared access.",
        ]),
    ]

    public static func named(_ code: String) -> MaturityDimension? { matrix.first { $0.code == code } }
}

/// One score the partnership gives itself on one dimension, with the evidence for it.
public struct MaturityScoreInput: Sendable, Equatable {
    public var dimension: MaturityDimension
    public var stage: MaturityStage
    public var assessedOn: Day
    public var evidence: String
    /// A link to further evidence (a board paper, a dashboard), http or https.
    public var link: String?

    public init(dimension: MaturityDimension, stage: MaturityStage, assessedOn: Day, evidence: String, link: String?) {
        self.dimension = dimension; self.stage = stage; self.assessedOn = assessedOn; self.evidence = evidence; self.link = link
    }

    public static func validate(_ fields: [String: String], today: Day) -> Result<MaturityScoreInput, FieldErrors> {
        var r = FieldReader(fields)
        var dimension: MaturityDimension?
        if let code = fields["dimension"], !code.isEmpty {
            dimension = MaturityDimension.named(code)
            if dimension == nil { r.errors.add("dimension", "Dimension must be one of: " + MaturityDimension.matrix.map(\.code).joined(separator: ", ")) }
        } else {
            r.errors.add("dimension", "Choose the part of the partnership you are scoring")
        }
        let stage = r.integer("stage", label: "Stage", range: 1...4, required: true).flatMap(MaturityStage.init(rawValue:))
        let on = r.day("assessedOn", label: "Date of the assessment", required: true, notAfter: today)
        let evidence = r.text("evidence", label: "Evidence for this stage", max: 2_000)
        let link = r.text("link", label: "Link to evidence", required: false, max: 500)
        if let link, !MaturityScoreInput.isWebAddress(link) {
            r.errors.add("link", "Link to evidence must be a web address starting https://")
        }
        guard r.errors.isEmpty, let dimension, let stage, let on, let evidence else { return .failure(r.errors) }
        return .success(MaturityScoreInput(dimension: dimension, stage: stage, assessedOn: on, evidence: evidence, link: link))
    }

    /// http or https, a host with a dot, and nothing a page could misread (spaces, quotes, angle brackets).
    static func isWebAddress(_ s: String) -> Bool {
        let rest: Substring
        if s.hasPrefix("https://") { rest = s.dropFirst(8) } else if s.hasPrefix("http://") { rest = s.dropFirst(7) } else { return false }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return host.contains(".") && !host.hasPrefix(".") && !s.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" })
    }
}
