/// Evidence-based programmes (DOMAIN.md §12): a catalogue with the EIF Guidebook rating,
/// age range and eligibility, and per family an offer that may become an enrolment, a
/// completion and outcome measures.
public enum EIFRating: String, Vocabulary {
    case level4plus = "4+", level4 = "4", level3plus = "3+", level3 = "3", level2plus = "2+", level2 = "2"
    case notLevel2 = "NL2", notEffective = "NE", notRated = "not_rated"
    public var label: String {
        switch self {
        case .notLevel2: "NL2 (below level 2)"
        case .notEffective: "NE (found not effective)"
        case .notRated: "No EIF rating"
        default: "Level \(rawValue)"
        }
    }
    /// "Evidence-based" means level 3 or higher.
    public var evidenceBased: Bool { [.level4plus, .level4, .level3plus, .level3].contains(self) }
}

public struct Programme: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var rating: EIFRating
    /// Ages of the child the programme serves, in months (negative: pregnancy).
    public var fromMonths: Int
    public var toMonths: Int
    public var eligibility: String
    public var source: String
    /// What a family searching the local offer would be looking for help with.
    public var needs: [OfferNeed] = []

    public static let catalogue: [Programme] = [
        Programme(code: "fnp", name: "Family Nurse Partnership", rating: .level4plus, fromMonths: -9, toMonths: 24,
                  eligibility: "First-time mothers aged 19 or under at the last menstrual period, enrolled by 28 weeks' gestation; voluntary",
                  source: "EIF Foundations for Life 2016; FNP referral criteria", needs: [.pregnancy, .wellbeing, .feeding]),
        Programme(code: "iy_preschool", name: "Incredible Years Preschool (BASIC)", rating: .level4, fromMonths: 36, toMonths: 72,
                  eligibility: "Parents of children aged 3–6 with behaviour concerns; 18–20 weekly group sessions",
                  source: "guidebook.eif.org.uk/programme/incredible-years-preschool", needs: [.behaviour]),
        Programme(code: "triple_p_4", name: "Level 4 Standard Triple P", rating: .level3, fromMonths: 0, toMonths: 144,
                  eligibility: "Parents of children 0–12; 10 weekly one-to-one sessions",
                  source: "guidebook.eif.org.uk/programme/triple-p-standard-level-4", needs: [.behaviour, .sleep]),
        Programme(code: "vig", name: "Video Interaction Guidance", rating: .notRated, fromMonths: -3, toMonths: 60,
                  eligibility: "Caregiver–child attunement; 3–5 filmed cycles over 2–3 months",
                  source: "NICE NG26; Cochrane 2019 review of video feedback", needs: [.wellbeing, .play]),
    ]

    public static func named(_ code: String) -> Programme? { catalogue.first { $0.code == code } }
}

public enum OfferStatus: String, Vocabulary {
    case offered, declined, enrolled, completed, leftEarly = "left_early"
    public var label: String {
        switch self {
        case .offered: "Offered"
        case .declined: "Declined"
        case .enrolled: "Enrolled"
        case .completed: "Completed"
        case .leftEarly: "Left early"
        }
    }
    /// The moves an offer may make.
    public func canMove(to next: OfferStatus) -> Bool {
        switch (self, next) {
        case (.offered, .declined), (.offered, .enrolled), (.enrolled, .completed), (.enrolled, .leftEarly): true
        default: false
        }
    }
}

/// Family Nurse Partnership's fixed eligibility: a first-time mother aged 19 or under at her
/// last menstrual period (LMP), enrolled by 28 weeks' gestation. LMP is taken as 280 days
/// before the expected date of delivery.
public struct FNPEligibility: Sendable, Equatable {
    public var eligible: Bool
    public var reasons: [String]

    public init(eligible: Bool, reasons: [String]) { self.eligible = eligible; self.reasons = reasons }

    public static func check(motherBorn: Day?, expectedDelivery: Day?, firstTimeMother: Bool, enrolOn: Day) -> FNPEligibility {
        var reasons: [String] = []
        guard let born = motherBorn else { return FNPEligibility(eligible: false, reasons: ["The mother's date of birth is not recorded"]) }
        guard let edd = expectedDelivery else { return FNPEligibility(eligible: false, reasons: ["The expected date of delivery is not recorded"]) }
        let lmp = edd - 280
        let ageAtLMP = born.wholeMonths(until: lmp) / 12
        if ageAtLMP > 19 { reasons.append("She was \(ageAtLMP) at her last menstrual period; FNP is for mothers aged 19 or under") }
        let gestationDays = enrolOn - lmp
        if gestationDays > 28 * 7 { reasons.append("At \(gestationDays / 7)+\(gestationDays % 7) weeks she is past the 28-week enrolment limit") }
        if enrolOn >= edd { reasons.append("FNP enrols during pregnancy") }
        if !firstTimeMother { reasons.append("FNP is for first-time mothers") }
        return FNPEligibility(eligible: reasons.isEmpty, reasons: reasons.isEmpty ? ["First-time mother aged \(ageAtLMP) at LMP, \(gestationDays / 7)+\(gestationDays % 7) weeks pregnant"] : reasons)
    }
}

/// A programme offered to a family. Family Nurse Partnership has fixed criteria: offering it to
/// a family that does not meet them needs the reason, recorded with the offer.
public struct ProgrammeOffer: Sendable, Equatable {
    public var programme: Programme
    public var outsideCriteria: String?

    public init(programme: Programme, outsideCriteria: String?) { self.programme = programme; self.outsideCriteria = outsideCriteria }

    /// `fnp` is the family's FNP eligibility (nil: no pregnancy is recorded, so not eligible).
    public static func validate(_ fields: [String: String], fnp: FNPEligibility?) -> Result<ProgrammeOffer, FieldErrors> {
        var r = FieldReader(fields)
        let code = r.text("programme", label: "Programme", max: 40)
        guard let code else { return .failure(r.errors) }
        guard let programme = Programme.named(code) else {
            r.errors.add("programme", "Choose a programme from the catalogue")
            return .failure(r.errors)
        }
        let reason = r.text("outsideCriteria", label: "Reason", required: false, max: 500)
        guard programme.code == "fnp" else { return .success(ProgrammeOffer(programme: programme, outsideCriteria: nil)) }
        let check = fnp ?? FNPEligibility(eligible: false, reasons: ["No pregnancy is recorded for the family, and FNP enrols during pregnancy"])
        if check.eligible { return .success(ProgrammeOffer(programme: programme, outsideCriteria: nil)) }
        guard let reason, r.errors.isEmpty else {
            if r.errors.isEmpty {
                r.errors.add("outsideCriteria", "The family does not meet the Family Nurse Partnership criteria (\(check.reasons.joined(separator: "; "))): give the reason for offering it anyway")
            }
            return .failure(r.errors)
        }
        return .success(ProgrammeOffer(programme: programme, outsideCriteria: reason))
    }
}

/// What an offer records when it moves on: on completion, the outcome measure the programme
/// used with its score before and after (for example the SDQ total difficulties score).
public struct OfferMove: Sendable, Equatable {
    public var to: OfferStatus
    public var measure: String?
    public var baseline: Double?
    public var final: Double?
    public var note: String?

    public static func validate(_ fields: [String: String]) -> Result<OfferMove, FieldErrors> {
        var f = FieldReader(fields)
        let to = f.choice("status", label: "Status", as: OfferStatus.self)
        let completing = to == .completed
        let measure = f.text("measure", label: "Outcome measure", required: completing, max: 200)
        let baseline = f.number("baseline", label: "Score at the start", required: completing)
        let final = f.number("final", label: "Score at the end", required: completing)
        let note = f.text("note", label: "Note", required: false, max: 1000)
        guard f.errors.isEmpty, let to else { return .failure(f.errors) }
        return .success(OfferMove(to: to, measure: measure, baseline: baseline, final: final, note: note))
    }

    /// `SDQ total difficulties: 18 → 11 (−7)`.
    public static func describe(measure: String?, baseline: Double?, final: Double?) -> String? {
        guard let measure, let baseline, let final else { return nil }
        func n(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
        let change = final - baseline
        return "\(measure): \(n(baseline)) → \(n(final)) (\(change >= 0 ? "+" : "−")\(n(abs(change))))"
    }
}
