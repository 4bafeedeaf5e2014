/// A family-led assessment ("Our family journey", Essex): the family rates areas of family
/// life from 1 ("we don't know what to do about this") to 10 ("everything is going very
/// well"), says what it is good at and wants to change, and picks priorities and actions.
public struct FamilyJourney: Sendable, Equatable {
    /// The areas rated; a local authority may change them.
    public static let areas = ["Money", "Home", "Relationships", "Health and wellbeing", "Our children's development",
                               "Work and learning", "Support from family and friends", "Keeping safe"]

    public var date: Day
    public var ratings: [String: Int]
    public var goodAt: String
    public var wantToChange: String
    public var lifeWhenDone: String
    public var priorities: [String]
    public var actions: String

    /// Reads the form: a rating 1–10 for each area (any may be left blank, but at least one
    /// must be given); priorities only among the areas rated.
    public static func validate(_ fields: [String: String], today: Day) -> Result<FamilyJourney, FieldErrors> {
        var r = FieldReader(fields)
        var ratings: [String: Int] = [:]
        for (i, area) in areas.enumerated() {
            if let n = r.integer("rating\(i)", label: area, range: 1...10) { ratings[area] = n }
        }
        if ratings.isEmpty && r.errors.isEmpty { r.errors.add("rating0", "Rate at least one area of family life") }
        let priorities = areas.indices.filter { fields["priority\($0)"] != nil }.map { areas[$0] }
        for p in priorities where ratings[p] == nil {
            r.errors.add("priority\(areas.firstIndex(of: p)!)", "\(p): rate this area before choosing it as a priority")
        }
        let journey = FamilyJourney(
            date: today, ratings: ratings,
            goodAt: r.text("goodAt", label: "What we are good at", required: false, max: 2_000) ?? "",
            wantToChange: r.text("wantToChange", label: "What we want to change", required: false, max: 2_000) ?? "",
            lifeWhenDone: r.text("lifeWhenDone", label: "What life will be like", required: false, max: 2_000) ?? "",
            priorities: priorities,
            actions: r.text("actions", label: "Actions", required: false, max: 4_000) ?? "")
        return r.errors.isEmpty ? .success(journey) : .failure(r.errors)
    }
}
