import Vapor
import CradleCore

/// `cradle policy matrix [--output FILE]`: writes who-can-see-what, computed from the policy, as
/// Markdown (default docs/access-matrix.md).
struct PolicyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "what", help: "matrix")
        var what: String
        @Option(name: "output", help: "Where to write it (default docs/access-matrix.md)")
        var output: String?
    }

    var help: String { "Publish the access policy as a persona × resource table." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.what == "matrix" else { throw Abort(.badRequest, reason: "Unknown policy command '\(signature.what)'; try: matrix") }
        let path = signature.output ?? "docs/access-matrix.md"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try PolicyMatrix.markdown(context.application.policy).write(toFile: path, atomically: true, encoding: .utf8)
        context.console.print("Wrote \(path)")
    }
}
