import Vapor
import CradleCore

/// `/api/v1`: information-sharing agreements, held as data and enforced on every access; the
/// information-governance lead keeps them. A change takes effect on the next decision.
enum AgreementsAPI {
    struct Agreement: Encodable {
        var id: Int64, name: String
        var purposes: [String], categories: [String]
        var lawfulBasis: String, status: String, startDate: String, endDate: String?, reviewDate: String?
        var caldicottGuardian: String, siro: String, dpo: String
        var parties: [Int64]
        var version: Int

        init(_ a: GovernanceStore.AgreementRow, parties: [Int64]) {
            id = a.id; name = a.name
            purposes = a.purposes.split(separator: ",").map(String.init); categories = a.categories.split(separator: ",").map(String.init)
            lawfulBasis = a.lawfulBasis; status = a.status; startDate = a.startDate; endDate = a.endDate; reviewDate = a.reviewDate
            caldicottGuardian = a.caldicottGuardian; siro = a.siro; dpo = a.dpo; self.parties = parties.sorted(); version = a.version
        }
    }

    static func list(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.governance))
        _ = try req.queryParameters(allowed: [])
        return try json(try await GovernanceStore.agreements(on: req.sql).map { Agreement($0.0, parties: $0.1) })
    }

    static func create(_ req: Request) async throws -> Response {
        let fields = try req.jsonFields(as: .agreement)
        try await req.authorize(.create, Resource(.governance))
        let input = try AgreementInput.validate(fields).orThrow()
        let id = try await GovernanceStore.saveAgreement(nil, version: nil, input, on: req.db)
        req.application.agreementCache.clear()
        return try created(id, at: "/api/v1/agreements/\(id)")
    }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.governance))
        return try await answer(req, id)
    }

    static func find(_ req: Request, _ id: Int64) async throws -> Agreement {
        guard let (a, parties) = try await GovernanceStore.agreements(on: req.sql).first(where: { $0.0.id == id }) else {
            throw Abort(.notFound, reason: "No agreement \(id)")
        }
        return Agreement(a, parties: parties)
    }

    static func answer(_ req: Request, _ id: Int64) async throws -> Response {
        let a = try await find(req, id)
        return try json(a).tagged(a.version)
    }

    /// Replaces an agreement whole (PUT) or changes the fields sent (PATCH, a merge patch), at
    /// the version read (in the body or as If-Match).
    static func update(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.governance))
        let fields = try req.updateFields(as: .agreement, current: try await find(req, id).patchable)
        let input = try AgreementInput.validate(fields).orThrow()
        _ = try await GovernanceStore.saveAgreement(id, version: try req.version(in: fields), input, on: req.db)
        req.application.agreementCache.clear()
        return try await answer(req, id)
    }
}
