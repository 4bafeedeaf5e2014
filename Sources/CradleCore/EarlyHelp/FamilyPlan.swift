/// Team around the family: one plan per family, with one lead professional, members (the
/// family always among them), SMART goals, actions with owners, and reviews every 6–12 weeks
/// (DOMAIN.md §7: Worcestershire's 6–12 week TAF review; Devon's 12-week cycle).
public enum PlanStatus: String, Vocabulary {
    case open, closed
    public var label: String { self == .open ? "Open" : "Closed" }
}

public enum PlanClosure: String, Vocabulary {
    case needsMet = "needs_met"
    case steppedDown = "stepped_down"
    case steppedUp = "stepped_up"
    case consentWithdrawn = "consent_withdrawn"
    case movedAway = "moved_away"

    public var label: String {
        switch self {
        case .needsMet: "Needs met: goals achieved"
        case .steppedDown: "Stepped down to universal or single-agency support"
        case .steppedUp: "Stepped up to children's social care"
        case .consentWithdrawn: "Family withdrew consent"
        case .movedAway: "Family moved out of the area"
        }
    }
}

public enum PlanMemberKind: String, Vocabulary {
    case practitioner, family
    public var label: String { self == .family ? "Family member" : "Practitioner" }
}

/// How often a team around the family reviews its plan.
public struct ReviewCadence: Codable, Sendable, Equatable {
    public var minimumWeeks: Int
    public var maximumWeeks: Int
    public init(minimumWeeks: Int = 6, maximumWeeks: Int = 12) { self.minimumWeeks = minimumWeeks; self.maximumWeeks = maximumWeeks }

    /// The next review falls 6–12 weeks after the last (or after the plan began).
    public func allows(next: Day, after last: Day) -> Bool {
        (last + minimumWeeks * 7) <= next && next <= (last + maximumWeeks * 7)
    }

    /// Where a plan stands: overdue once its next review date has passed, due within a week.
    public func status(nextReview: Day, today: Day) -> PlanReviewStatus {
        if today > nextReview { return .overdue(days: today - nextReview) }
        if nextReview - today <= 7 { return .dueSoon(days: nextReview - today) }
        return .scheduled
    }
}

public enum PlanReviewStatus: Sendable, Equatable {
    case scheduled, dueSoon(days: Int), overdue(days: Int)
    public var label: String {
        switch self {
        case .scheduled: "Scheduled"
        case .dueSoon(let d): d == 0 ? "Review due today" : "Review due in \(d) day\(d == 1 ? "" : "s")"
        case .overdue(let d): "Review overdue by \(d) day\(d == 1 ? "" : "s")"
        }
    }
    public var tone: String {
        switch self { case .scheduled: "ok"; case .dueSoon: "warn"; case .overdue: "late" }
    }
}

/// A SMART goal: specific (what will be different), measurable (how we will know),
/// achievable (an owner who will work on it), relevant (to one of the family's concerns)
/// and time-bound (a date within the next year).
public struct PlanGoal: Sendable, Equatable {
    public var goal: String
    public var measure: String
    public var concern: SupportConcern
    public var owner: String
    public var targetDate: Day

    public init(goal: String, measure: String, concern: SupportConcern, owner: String, targetDate: Day) {
        self.goal = goal; self.measure = measure; self.concern = concern; self.owner = owner; self.targetDate = targetDate
    }

    public static func validate(_ fields: [String: String], today: Day) -> Result<PlanGoal, FieldErrors> {
        var f = FieldReader(fields)
        let goal = f.text("goal", label: "Goal", max: 500)
        if let g = goal, g.split(separator: " ").count < 3 {
            f.errors.add("goal", "Say specifically what will be different, in a few words at least")
        }
        let measure = f.text("measure", label: "How we will know (measure)", max: 500)
        let concern = f.choice("concern", label: "The concern it answers", as: SupportConcern.self)
        let owner = f.text("owner", label: "Who will work on it", max: 200)
        let target = f.day("targetDate", label: "Target date", required: true, notBefore: today + 1)
        if let t = target, t > today.adding(months: 12) { f.errors.add("targetDate", "Target date must be within a year; split a longer goal") }
        guard f.errors.isEmpty, let goal, let measure, let concern, let owner, let target else { return .failure(f.errors) }
        return .success(PlanGoal(goal: goal, measure: measure, concern: concern, owner: owner, targetDate: target))
    }
}

/// An action towards a goal, with an owner and a due date.
public struct PlanAction: Sendable, Equatable {
    public var action: String
    public var owner: String
    public var dueDate: Day

    public init(action: String, owner: String, dueDate: Day) { self.action = action; self.owner = owner; self.dueDate = dueDate }

    public static func validate(_ fields: [String: String], today: Day) -> Result<PlanAction, FieldErrors> {
        var f = FieldReader(fields)
        let action = f.text("action", label: "Action", max: 500)
        let owner = f.text("owner", label: "Owner", max: 200)
        let due = f.day("dueDate", label: "Due date", required: true, notBefore: today)
        guard f.errors.isEmpty, let action, let owner, let due else { return .failure(f.errors) }
        return .success(PlanAction(action: action, owner: owner, dueDate: due))
    }
}

/// A TAF review: progress, the level of need now, and when to meet next.
public struct PlanReviewInput: Sendable, Equatable {
    public var heldOn: Day
    public var progress: String
    public var familyView: String
    public var level: Int
    public var nextReview: Day

    public init(heldOn: Day, progress: String, familyView: String, level: Int, nextReview: Day) {
        self.heldOn = heldOn; self.progress = progress; self.familyView = familyView; self.level = level; self.nextReview = nextReview
    }

    public static func validate(_ fields: [String: String], today: Day, since last: Day, cadence: ReviewCadence,
                                continuum: NeedContinuum) -> Result<PlanReviewInput, FieldErrors> {
        var f = FieldReader(fields)
        let held = f.day("heldOn", label: "Review date", required: true, notAfter: today, notBefore: last)
        let progress = f.text("progress", label: "Progress against the goals", max: 4000)
        let familyView = f.text("familyView", label: "What the family said", max: 2000)
        let level = f.integer("level", label: "Level of need now", range: 1...max(1, continuum.levels.count), required: true)
        let next = f.day("nextReview", label: "Next review", required: true)
        if let held, let next, !cadence.allows(next: next, after: held) {
            f.errors.add("nextReview", "Hold the next review \(cadence.minimumWeeks)–\(cadence.maximumWeeks) weeks after this one: between \((held + cadence.minimumWeeks * 7).display) and \((held + cadence.maximumWeeks * 7).display)")
        }
        guard f.errors.isEmpty, let held, let progress, let familyView, let level, let next else { return .failure(f.errors) }
        return .success(PlanReviewInput(heldOn: held, progress: progress, familyView: familyView, level: level, nextReview: next))
    }
}
