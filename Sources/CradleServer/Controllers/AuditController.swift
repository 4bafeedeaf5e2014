import Vapor
import CradleCore

/// "Who has accessed this record": every recorded access to a person's record, for
/// subject-access requests and for the family.
enum AuditController {
    static func personAccess(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.auditTrail, personId: id))
        guard let person = try await PersonStore.person(id, on: req.sql) else { throw Abort(.notFound) }
        let entries = try await AuditStore.forPerson(id, on: req.sql)
        let names = try await Directory.practitionerNames(ids: Set(entries.compactMap(\.actorId)), on: req.sql)
        return .html(AuditView.personAccess(person, entries: entries, names: names, layout: req.layout("Who accessed \(person.fullName)")))
    }
}
