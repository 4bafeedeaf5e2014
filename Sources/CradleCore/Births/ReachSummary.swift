/// A centre's reach: births in its area and how far along the way from birth to being seen
/// each family came. Added up per centre, per locality and per month.
public struct ReachCounts: Sendable, Equatable {
    public var births = 0, consented = 0, listed = 0, registered = 0, seen = 0
    public init(births: Int = 0, consented: Int = 0, listed: Int = 0, registered: Int = 0, seen: Int = 0) {
        self.births = births; self.consented = consented; self.listed = listed; self.registered = registered; self.seen = seen
    }
    public static func + (a: ReachCounts, b: ReachCounts) -> ReachCounts {
        ReachCounts(births: a.births + b.births, consented: a.consented + b.consented, listed: a.listed + b.listed,
                    registered: a.registered + b.registered, seen: a.seen + b.seen)
    }
    /// The figures in order, with their names, for tables.
    public var figures: [(name: String, count: Int)] {
        [("Births", births), ("Consented", consented), ("On the centre's list", listed), ("Registered", registered), ("Seen in 12 months", seen)]
    }
}

public struct ReachSummary: Sendable {
    public struct Line: Sendable { public var centre: String; public var locality: String; public var month: String; public var counts: ReachCounts
        public init(centre: String, locality: String, month: String, counts: ReachCounts) { self.centre = centre; self.locality = locality; self.month = month; self.counts = counts }
    }

    public var byCentre: [(String, ReachCounts)]
    public var byLocality: [(String, ReachCounts)]
    /// Every month in the window, oldest first; nil for a month with no births recorded (no
    /// data yet, which is not the same as none).
    public var byMonth: [(String, ReachCounts?)]
    public var total: ReachCounts

    public init(_ lines: [Line], months: [String]) {
        func group(_ key: (Line) -> String) -> [(String, ReachCounts)] {
            var out: [String: ReachCounts] = [:]
            for l in lines { out[key(l), default: ReachCounts()] = out[key(l), default: ReachCounts()] + l.counts }
            return out.keys.sorted().map { ($0, out[$0]!) }
        }
        byCentre = group(\.centre)
        byLocality = group(\.locality)
        let monthly = Dictionary(group(\.month), uniquingKeysWith: { a, _ in a })
        byMonth = months.map { ($0, monthly[$0]) }
        total = lines.reduce(ReachCounts()) { $0 + $1.counts }
    }
}
