import Vapor
import CradleCore

/// `/api/v1`: the person index's review queue (records team): links the linker was not sure
/// of, each with the comparisons that weighed for and against, and the decision on one.
enum LinkReviewAPI {
    struct Comparison: Encodable { var comparison: String; var level: String; var weight: Double }
    struct LinkReview: Encodable, Identified {
        var id: Int64, sourceRecordId: Int64, recordPersonId: Int64, candidatePersonId: Int64, candidateRecordId: Int64?
        var weight: Double
        var comparisons: [Comparison]
        /// open, accepted or rejected.
        var status: String
        var decidedByName: String?, decidedAt: String?, createdAt: String
        var givenName: String, familyName: String, dateOfBirth: String?, sourceName: String, candidateName: String?

        init(_ r: LinkReviewStore.ReviewRow) {
            id = r.id; sourceRecordId = r.sourceRecordId; recordPersonId = r.recordPersonId; candidatePersonId = r.candidatePersonId
            candidateRecordId = r.candidateRecordId; weight = r.weight
            comparisons = r.weights.map { Comparison(comparison: String(describing: $0.comparison), level: $0.level, weight: $0.weight) }
            status = r.status; decidedByName = r.decidedByName; decidedAt = r.decidedAt; createdAt = r.createdAt
            givenName = r.givenName; familyName = r.familyName; dateOfBirth = r.dateOfBirth; sourceName = r.sourceName; candidateName = r.candidateName
        }
    }
    /// The reviews with a status (open unless asked: accepted, rejected), newest first, a page
    /// at a time.
    static func queue(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.personIndex))
        let page = try APIPage.read(req, filters: ["status"])
        let status = req.query[String.self, at: "status"] ?? "open"
        guard ["open", "accepted", "rejected"].contains(status) else { throw InvalidInput("status", "status is open, accepted or rejected") }
        return try page.respond(try await LinkReviewStore.page(status: status, page, on: req.sql).map(LinkReview.init), req)
    }

    static func show(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.read, Resource(.personIndex), detail: "link review \(id)")
        guard let r = try await LinkReviewStore.find(id, on: req.sql) else { throw Abort(.notFound, reason: "No link review \(id)") }
        return try json(LinkReview(r))
    }

    /// accept merges the record's person into the candidate (undoably, as a merge); reject
    /// keeps them apart for good. Decided once.
    static func decide(_ req: Request) async throws -> Response {
        let id = try req.id()
        let fields = try req.jsonFields(as: .linkDecision)
        let decision = fields["decision"] ?? ""
        try await req.authorize(.update, Resource(.personIndex), detail: "link review \(id): \(decision)")
        guard try await LinkReviewStore.find(id, on: req.sql) != nil else { throw Abort(.notFound, reason: "No link review \(id)") }
        guard decision == "accept" || decision == "reject" else { throw InvalidInput("decision", "decision is accept or reject") }
        try await LinkReviewStore.decide(id, accept: decision == "accept", by: try req.requireSignedIn().actor.practitionerId!, on: req.db)
        return try json(LinkReview(try await LinkReviewStore.find(id, on: req.sql)!))
    }

    /// The latest merges and unmerges.
    static func merges(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.personIndex))
        let page = try APIPage.read(req)
        return try page.respond(try await MergeStore.page(page, on: req.sql), req)
    }

    /// Merges one person into another, undoably; refused for two people the index may not
    /// join (two NHS numbers, a child and an adult). The page's confirmation is the client's.
    static func merge(_ req: Request) async throws -> Response {
        let fields = try req.jsonFields(as: .merge)
        try await req.authorize(.update, Resource(.personIndex), detail: "merge \(fields["mergedPersonId"] ?? "") into \(fields["keptPersonId"] ?? "")")
        let (kept, merged, reason) = try LinkReviewController.mergeInput(fields)
        let by = try req.requireSignedIn().actor.practitionerId
        let id = try await req.db.writeTransaction { db in
            try await MergeStore.merge(kept: kept, merged: merged, reason: reason, by: by, at: ISO8601DateFormatter.now, on: db)
        }
        return try created(id, at: "/api/v1/merges")
    }

    /// Undoes a merge: the merged person is separate again with what they brought.
    static func unmerge(_ req: Request) async throws -> Response {
        let id = try req.id()
        try await req.authorize(.update, Resource(.personIndex), detail: "undo merge \(id)")
        _ = try req.queryParameters(allowed: [])
        try await MergeStore.unmerge(id, by: try req.requireSignedIn().actor.practitionerId, on: req.db)
        guard let row = try await MergeStore.find(id, on: req.sql) else { throw Abort(.notFound, reason: "No merge \(id)") }
        return try json(row)
    }

    /// The links as CSV, the page's export: audited as an export of named records.
    static func export(_ req: Request) async throws -> Response {
        _ = try req.queryParameters(allowed: [])
        return try await LinkReviewController.export(req)
    }
}
