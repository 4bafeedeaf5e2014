import Vapor
import SQLKit
import CradleCore

/// `cradle audit verify`: walks the whole audit trail and names the first entry that was
/// altered, removed or reordered. Exits non-zero when it finds one.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "verify")
        var what: String
    }

    var help: String { "Check the audit trail's hash chain." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.what == "verify" else { throw Abort(.badRequest, reason: "Unknown audit command '\(signature.what)'; try: verify") }
        try await prepareStore(context.application)
        let result = try await AuditVerification.run(on: context.application.sql)
        if let problem = result.problem {
            context.console.error("Audit trail FAILED after checking \(result.checked) entries: \(problem)")
            throw Abort(.internalServerError, reason: problem.description)
        }
        context.console.print("Audit trail verified: \(result.checked) entries, chain intact.")
    }
}

enum AuditVerification {
    struct Result { var checked: Int; var problem: AuditVerifier.Problem? }

    static func run(on db: any SQLDatabase) async throws -> Result {
        var verifier = AuditVerifier()
        var after: Int64 = 0
        while true {
            let page = try await AuditStore.page(after: after, limit: 5_000, on: db)
            if page.isEmpty { return Result(checked: verifier.checked, problem: nil) }
            for e in page {
                if let p = verifier.check(e) { return Result(checked: verifier.checked, problem: p) }
            }
            after = page.last!.seq
        }
    }
}
