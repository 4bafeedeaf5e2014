/// A family's decision about sharing birth details with children's centres, as a maternity,
/// antenatal or child-health system recorded it: Coventry asks at the 12-week booking,
/// Warwickshire at the first health-visitor visit. The feed carries the answer and its date;
/// Cradle stores it as a consent decision recorded by that source.
public struct FeedConsent: Sendable, Equatable {
    /// `given` for yes, `refused` for no.
    public var status: ConsentStatus
    public var date: Day
    public var method: ConsentMethod

    public init(status: ConsentStatus, date: Day, method: ConsentMethod) {
        self.status = status; self.date = date; self.method = method
    }

    /// What to record when the feed says this, given the last decision the same source
    /// recorded: nothing when it says again what it said before (a re-sent or re-imported row
    /// changes nothing, and a decision the family made since in Cradle is not overridden by a
    /// stale copy); a "no" after its own "yes" is a withdrawal.
    public func decision(lastFromSource: ConsentStatus?) -> ConsentStatus? {
        switch (status, lastFromSource) {
        case (.given, .given): nil
        case (.given, _): .given
        case (_, .given): .withdrawn
        case (_, nil): .refused
        default: nil
        }
    }

    /// How each kind of feed asks: antenatal and maternity systems at booking, child health at
    /// the first visit.
    static func method(for kind: SourceKind) -> ConsentMethod {
        kind == .childHealth ? .firstVisit : .atBooking
    }

    /// The columns' text: yes/no (y/n, true/false); blank means the family was not asked.
    static func answer(_ text: String?) -> ConsentStatus?? {
        switch text?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" {
        case "": .some(nil)
        case "yes", "y", "true": .some(.given)
        case "no", "n", "false": .some(.refused)
        default: nil
        }
    }
}

/// A GP practice's ODS code: one letter and five digits (`A81001`).
public enum GPPracticeCode {
    public static func normalised(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let chars = Array(t)
        guard chars.count == 6, chars[0].isASCII, chars[0].isLetter, chars.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return t
    }
}

/// Whether a baby born on a day is the unborn child a booking expected then: births come from
/// about 16 weeks early (24 weeks' gestation) to 4 weeks late.
public enum BookingMatch {
    public static func born(on day: Day, due: Day) -> Bool {
        day >= due - 16 * 7 && day <= due + 4 * 7
    }
}
