import Vapor
import CradleCore

/// `/api/v1`: the person index's review queue (records team): links the linker was not sure
/// of, each with the comparisons that weighed for and against, and the decision on one.
enum LinkReviewAPI {
    struct Comparison: Encodable { var comparison: String; var level: String; var weight: Double }
    struct LinkReview: Encodable {
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
    struct Queue: Encodable { var open: [LinkReview]; var decided: [LinkReview] }

    /// Open reviews, strongest first, and the latest decisions.
    static func queue(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.personIndex))
        _ = try req.queryParameters(allowed: [])
        let q = try await LinkReviewStore.queue(on: req.sql)
        return try json(Queue(open: q.open.map(LinkReview.init), decided: q.decided.map(LinkReview.init)))
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
}
