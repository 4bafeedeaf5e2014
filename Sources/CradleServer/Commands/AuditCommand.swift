import Vapor
import SQLKit
import CradleCore

/// `cradle audit verify [--checkpoints FILE]`: walks the whole audit trail and names every
/// problem: an entry altered, forged, removed or reordered, a tail cut off or the table
/// emptied after a signed checkpoint, a protecting trigger dropped. Exits non-zero when it
/// finds one.
///
/// `cradle audit checkpoint --out FILE`: signs a checkpoint of the trail as it stands now and
/// writes every checkpoint to FILE, for keeping on another system.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "verify | checkpoint")
        var what: String
        @Option(name: "out", help: "checkpoint: where to write the signed checkpoints")
        var out: String?
        @Option(name: "checkpoints", help: "verify: also check against checkpoints exported to this file")
        var checkpoints: String?
    }

    var help: String { "Verify the audit trail, or export a signed checkpoint of it." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareStore(app)
        switch signature.what {
        case "verify":
            var extra: [AuditCheckpoint] = []
            if let file = signature.checkpoints {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                    throw Abort(.badRequest, reason: "Cannot read the checkpoint file \(file)")
                }
                extra = AuditCheckpoint.parse(lines: text).checkpoints
            }
            let result = try await AuditVerification.run(app, extra: extra)
            if !result.problems.isEmpty {
                context.console.error("Audit trail FAILED after checking \(result.checked) entries against \(result.checkpoints) signed checkpoints:")
                for p in result.problems { context.console.error("- \(p)") }
                throw Abort(.internalServerError, reason: result.problems[0].description)
            }
            context.console.print("Audit trail verified: \(result.checked) entries, chain intact, \(result.checkpoints) signed checkpoints match, protecting triggers present.")
        case "checkpoint":
            guard let out = signature.out else { throw Abort(.badRequest, reason: "Say where to write the checkpoints: --out FILE") }
            let head = try await AuditStore.last(app.sql)
            guard head.seq > 0 else { throw Abort(.badRequest, reason: "The audit trail is empty: there is nothing to sign") }
            let made = try app.auditCheckpoints.sign(head)
            let all = try AuditCheckpoints.read(app.auditKeys.checkpointPath).checkpoints
            try all.map(\.jsonLine).joined(separator: "\n").appending("\n").write(toFile: out, atomically: true, encoding: .utf8)
            context.console.print("Signed a checkpoint of entry \(made.seq); wrote \(all.count) checkpoints to \(out). Keep it away from this server's database.")
        default:
            throw Abort(.badRequest, reason: "Unknown audit command '\(signature.what)'; try: verify, checkpoint")
        }
    }
}

enum AuditVerification {
    struct Result {
        var checked: Int
        var checkpoints: Int
        var problems: [AuditProblem]
    }

    /// The chain, each signed checkpoint (from the server's file and `extra`), and the triggers.
    static func run(_ app: Application, extra: [AuditCheckpoint] = []) async throws -> Result {
        let keys = app.auditKeys
        let file = try AuditCheckpoints.read(keys.checkpointPath)
        return try await run(on: app.sql, key: keys.mac, publicKey: keys.signing.publicKey,
                             checkpoints: file.checkpoints + extra, unreadable: file.unreadable)
    }

    static func run(on db: any SQLDatabase, key: AuditKey, publicKey: Curve25519.Signing.PublicKey,
                    checkpoints: [AuditCheckpoint], unreadable: [Int] = []) async throws -> Result {
        var problems = unreadable.map { AuditProblem.unreadableCheckpoint(line: $0) }
        var signed: [Int64: String] = [:]
        var legacyThrough: Int64 = 0
        for c in checkpoints {
            guard c.isSigned(by: publicKey) else { problems.append(.forgedCheckpoint(seq: c.seq)); continue }
            signed[c.seq] = c.hash
            legacyThrough = max(legacyThrough, c.legacyThrough ?? 0)
        }
        var verifier = AuditVerifier(key: key, legacyThrough: legacyThrough)
        var chainBroken = false
        let last = try await walk(db) { e in
            if !chainBroken, let p = verifier.check(e) { problems.append(.chain(p)); chainBroken = true }
            if let h = signed[e.seq], h != e.hash { problems.append(.rewritten(seq: e.seq)) }
            return true
        }
        if let top = signed.keys.max(), top > last { problems.append(.truncated(signed: top, last: last)) }
        problems += try await AuditStore.missingTriggers(db).map { .missingTrigger($0) }
        return Result(checked: verifier.checked, checkpoints: signed.count, problems: problems)
    }

    /// Gives every entry to `body` in order, a page at a time, until it returns false; returns
    /// the sequence number of the last entry given (0 for an empty trail).
    static func walk(_ db: any SQLDatabase, _ body: (AuditEntry) -> Bool) async throws -> Int64 {
        var after: Int64 = 0
        while true {
            let page = try await AuditStore.page(after: after, limit: 5_000, on: db)
            for e in page {
                guard body(e) else { return e.seq }
                after = e.seq
            }
            if page.isEmpty { return after }
        }
    }
}

/// What `serve` and `migrate` do for the trail before anything else: put back protecting
/// triggers someone dropped (loudly), and, for a trail written before it had a key, verify it
/// once and sign a checkpoint that vouches for it as it stands.
enum AuditProtection {
    static func prepare(_ app: Application) async throws {
        let restored = try await AuditStore.restoreTriggers(app.sql)
        if !restored.isEmpty {
            app.logger.critical("AUDIT TRAIL UNPROTECTED: the triggers \(restored.joined(separator: ", ")) were missing and have been restored. Someone with database rights dropped them; run `cradle audit verify` and tell your Caldicott guardian.")
        }
        let keys = app.auditKeys
        guard let head = try await AuditStore.newest(on: app.sql), try AuditCheckpoints.read(keys.checkpointPath).checkpoints.isEmpty,
              head.mac(keys.mac) != head.hash, head.legacyHash == head.hash else { return }
        var verifier = AuditVerifier(key: keys.mac, legacyThrough: head.seq)
        var problem: AuditVerifier.Problem?
        _ = try await AuditVerification.walk(app.sql) { e in
            problem = verifier.check(e)
            return problem == nil
        }
        if let problem {
            app.logger.critical("The audit trail written before it had a key does not verify (\(problem)); it has not been signed.")
            return
        }
        try app.auditCheckpoints.sign((head.seq, head.hash), legacyThrough: head.seq)
        app.logger.notice("Signed a checkpoint vouching for the \(head.seq) audit entries written before the trail had a key.")
    }
}
