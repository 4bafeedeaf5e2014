/// The local continuum of need (DOMAIN.md §7). Every local authority words its levels
/// differently, so they are data: Cradle ships Essex's four and the LA may load its own.
public struct NeedContinuum: Codable, Sendable, Equatable {
    public struct Level: Codable, Sendable, Equatable {
        public var number: Int
        public var name: String
        public var meaning: String
        public init(number: Int, name: String, meaning: String) { self.number = number; self.name = name; self.meaning = meaning }
    }

    public var name: String
    public var levels: [Level]
    /// The first level at which a team around the family is the expected response.
    public var teamAroundTheFamilyFrom: Int
    /// The level that means children's social care (statutory).
    public var statutory: Int

    public init(name: String, levels: [Level], teamAroundTheFamilyFrom: Int, statutory: Int) {
        self.name = name; self.levels = levels; self.teamAroundTheFamilyFrom = teamAroundTheFamilyFrom; self.statutory = statutory
    }

    public func level(_ n: Int) -> Level? { levels.first { $0.number == n } }
    public func label(_ n: Int) -> String { level(n).map { "Level \($0.number): \($0.name)" } ?? "Level \(n)" }

    /// Checks that the levels run 1, 2, 3… with names, and that the TAF and statutory levels exist.
    public func validate() -> [String] {
        var problems: [String] = []
        if levels.isEmpty { problems.append("a continuum needs at least one level") }
        if levels.map(\.number) != Array(1...max(1, levels.count)) { problems.append("levels must be numbered 1, 2, 3… in order") }
        if levels.contains(where: { $0.name.isEmpty }) { problems.append("every level needs a name") }
        if level(teamAroundTheFamilyFrom) == nil { problems.append("the team-around-the-family level \(teamAroundTheFamilyFrom) is not a level") }
        if level(statutory) == nil { problems.append("the statutory level \(statutory) is not a level") }
        return problems
    }

    /// Essex Effective Support (essexeffectivesupport.org.uk).
    public static let essex = NeedContinuum(name: "Essex Effective Support", levels: [
        Level(number: 1, name: "Universal", meaning: "Needs met by universal services, open access"),
        Level(number: 2, name: "Additional needs", meaning: "Universal plus targeted services; assessment optional"),
        Level(number: 3, name: "Intensive", meaning: "Multi-agency shared family assessment, lead professional and team around the family"),
        Level(number: 4, name: "Specialist", meaning: "Specialist or statutory: children's social care"),
    ], teamAroundTheFamilyFrom: 3, statutory: 4)

    /// East Sussex level indicators.
    public static let eastSussex = NeedContinuum(name: "East Sussex", levels: [
        Level(number: 1, name: "Needs fully met", meaning: "Universal services"),
        Level(number: 2, name: "Additional needs", meaning: "Single-agency or targeted support"),
        Level(number: 3, name: "Multiple and complex needs", meaning: "Early Help plan with a lead professional"),
        Level(number: 4, name: "Acute needs", meaning: "Child protection: social care family assessment, s.17/s.47 enquiries"),
    ], teamAroundTheFamilyFrom: 3, statutory: 4)
}
