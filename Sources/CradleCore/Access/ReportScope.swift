/// Which children an aggregate report (reach, timeliness) counts for the person asking:
/// analysts the whole borough, a locality manager their locality, a children's centre its own
/// reach area, a health visiting team its own children. Figures still pass disclosure control
/// where they leave Cradle.
public enum ReportScope: Sendable, Equatable {
    case borough
    case locality(String)
    case centre(Int64)
    case teams([Int64])

    public var reason: String {
        switch self {
        case .borough: "Analysts see every area's figures, through disclosure control"
        case .locality(let l): "A locality manager sees their locality's figures (\(l.isEmpty ? "no locality recorded for your team" : l))"
        case .centre: "A children's centre sees its own reach area's figures"
        case .teams: "Your own teams' children's figures"
        }
    }
}

extension AccessPolicy {
    /// The children a report may count for this actor; nil when they see no reports.
    /// `locality` is the locality of a locality manager's team.
    public func reportScope(_ actor: Actor, locality: String?) -> ReportScope? {
        guard actor.isSignedIn, let profession = actor.profession else { return nil }
        if rules.aggregateOnly.contains(profession) { return .borough }
        if actor.roles.contains(.localityManager) { return .locality(locality ?? "") }
        if profession == .childrensCentreWorker, let centre = actor.organisationId { return .centre(centre) }
        if rules.teamReports.contains(profession), !actor.teamIds.isEmpty { return .teams(actor.teamIds) }
        return nil
    }
}
