import Vapor
import CradleCore

/// "Who has accessed this record": every recorded access to a person's record, for
/// subject-access requests and for the family.
enum AuditController {
    static func personAccess(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.auditTrail, personId: id))
        guard try await PersonStore.person(id, on: req.sql) != nil else { throw Abort(.notFound) }
        var fields = (try? req.query.decode([String: String].self)) ?? [:]
        fields["person"] = String(id)
        return try await GovernanceController.auditPage(req, fields: fields)
    }
}
