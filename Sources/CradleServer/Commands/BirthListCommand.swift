import Foundation
import Vapor
import Crypto
import CradleCore

/// `cradle centre-key generate --centre CODE --out FILE`: a new key pair for a children's
/// centre. The private key goes to FILE (for the centre, readable by its owner only); Cradle
/// keeps the public key, retiring the centre's previous one.
struct CentreKeyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "generate")
        var what: String
        @Option(name: "centre", help: "The centre's organisation code")
        var centre: String?
        @Option(name: "out", help: "Where to write the centre's private key")
        var out: String?
    }

    var help: String { "Make and register a children's centre's key for its birth lists." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.what == "generate" else { throw Abort(.badRequest, reason: "Unknown centre-key command '\(signature.what)'; try: generate") }
        let app = context.application
        try await prepareStore(app)
        guard let code = signature.centre, let centre = try await BirthListStore.centre(code: code, on: app.sql) else {
            throw Abort(.badRequest, reason: "Name a children's centre by its organisation code with --centre")
        }
        guard let out = signature.out else { throw Abort(.badRequest, reason: "Say where to write the centre's private key with --out") }
        guard !FileManager.default.fileExists(atPath: out) else { throw Abort(.badRequest, reason: "\(out) exists; a key is never written over") }
        let key = Curve25519.KeyAgreement.PrivateKey()
        try CradleSigningKey.writePrivate(key.rawRepresentation.base64EncodedString() + "\n", to: out)
        let fingerprint = try await BirthListStore.addKey(centre: centre.id, key.publicKey, on: app.sql)
        context.console.print("Registered key \(fingerprint) for \(centre.name); its private key is in \(out). Earlier keys are retired.")
    }
}

/// `cradle birth-list --centre CODE --month YYYY-MM --out FILE`: the centre's sealed list.
struct BirthListCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "centre", help: "The centre's organisation code")
        var centre: String?
        @Option(name: "month", help: "YYYY-MM (default: last month)")
        var month: String?
        @Option(name: "out", help: "Where to write the sealed list (JSON)")
        var out: String?
    }

    var help: String { "Make a children's centre's monthly birth list, sealed to its key." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareStore(app)
        let today = app.settings.today()
        guard let code = signature.centre else { throw Abort(.badRequest, reason: "Name the centre with --centre CODE") }
        guard let period = signature.month.map(Period.init) ?? Period(containing: today.adding(months: -1)) else {
            throw Abort(.badRequest, reason: "--month must look like 2026-10")
        }
        guard let out = signature.out else { throw Abort(.badRequest, reason: "Say where to write the list with --out FILE") }
        let signer = try CradleSigningKey.load(dataDirectory: app.settings.dataDirectory)
        do {
            let (sealed, list) = try await BirthListJob.make(centre: code, period: period, today: today, signer: signer, on: app.inlineSQL)
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            try e.encode(sealed).write(to: URL(fileURLWithPath: out))
            context.console.print("\(code) \(period): \(list.entries.count) consented families of \(list.birthsInArea) births in the reach area; sealed to key \(sealed.manifest.recipientKey) in \(out).")
        } catch let refused as BirthListJob.Refused {
            context.console.error(refused.description)
            throw Abort(.unprocessableEntity, reason: refused.description)
        }
    }
}

/// `cradle decrypt --key FILE LIST`: opens a sealed list with the centre's private key,
/// checking Cradle's signature (`cradle-signing.pub` in the data directory, or --signing-key).
struct DecryptCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "key", help: "The centre's private key file")
        var key: String?
        @Option(name: "signing-key", help: "Cradle's public signing key file (default: cradle-signing.pub in the data directory)")
        var signingKey: String?
        @Argument(name: "list", help: "The sealed list")
        var list: String
    }

    var help: String { "Open a sealed birth list with a centre's private key." }

    func run(using context: CommandContext, signature: Signature) async throws {
        func read(_ path: String) throws -> String {
            guard let t = try? String(contentsOfFile: path, encoding: .utf8) else { throw Abort(.badRequest, reason: "Cannot read \(path)") }
            return t.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let keyPath = signature.key, let raw = Data(base64Encoded: try read(keyPath)),
              let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw) else {
            throw Abort(.badRequest, reason: "Give the centre's private key file with --key")
        }
        let pubPath = signature.signingKey ?? context.application.settings.dataDirectory + "/cradle-signing.pub"
        guard let pubRaw = Data(base64Encoded: try read(pubPath)), let cradle = try? Curve25519.Signing.PublicKey(rawRepresentation: pubRaw) else {
            throw Abort(.badRequest, reason: "\(pubPath) is not Cradle's public signing key")
        }
        guard let sealed = try? JSONDecoder().decode(SealedList.self, from: Data(try read(signature.list).utf8)) else {
            throw Abort(.badRequest, reason: "\(signature.list) is not a sealed list")
        }
        do {
            let plain = try sealed.open(with: key, signedBy: cradle)
            FileHandle.standardError.write(Data("\(sealed.manifest.recipient) \(sealed.manifest.period): \(sealed.manifest.entries) families of \(sealed.manifest.birthsInArea) births in the reach area\n".utf8))
            FileHandle.standardOutput.write(plain)
        } catch {
            context.console.error("Not opened: \(error.description)")
            throw Abort(.unprocessableEntity, reason: error.description)
        }
    }
}
