import SQLKit
import CradleCore

/// The services a contact with a child may be filed under: those involved with the child now,
/// then the practitioner's own teams' other services. A contact filed under another team's
/// service would show in the chronology but not under "Services involved", so none is offered.
struct ContactServiceChoices: Sendable {
    var involved: [ServiceOption]
    var own: [ServiceOption]
    /// The practitioner's own team's service, involved if one is.
    var preselected: Int64?

    /// `involvements` are the child's and family's, as the policy read them for the request.
    static func load(involvements: [InvolvementRow], teamIds: [Int64], keeping current: Int64? = nil,
                     on db: any SQLDatabase) async throws -> ContactServiceChoices {
        let open = involvements.filter { $0.endDate == nil }
        let all = try await Directory.services(on: db)
        let involvedIds = Set(open.map(\.serviceId))
        let isOwn = { (s: ServiceOption) in s.teamId.map(teamIds.contains) ?? false }
        // A contact being changed keeps its service on offer, even if that involvement has ended.
        let involved = all.filter { involvedIds.contains($0.id) || $0.id == current }
        let offeredIds = Set(involved.map(\.id))
        let own = all.filter { isOwn($0) && !offeredIds.contains($0.id) }
        let preselected = involved.first(where: isOwn)?.id ?? own.first?.id
        return ContactServiceChoices(involved: involved, own: own, preselected: preselected)
    }

    func offers(_ serviceId: Int64) -> Bool { (involved + own).contains { $0.id == serviceId } }
}
