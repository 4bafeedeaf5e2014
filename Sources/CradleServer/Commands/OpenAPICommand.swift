import Vapor

/// `cradle openapi [--output FILE]`: writes the API's OpenAPI document, exactly as the server
/// serves it at `/api/v1/openapi.json` (default: the copy the generated-client tests are built
/// from, Tests/CradleServerTests/openapi.json).
struct OpenAPICommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "output", help: "Where to write it (default Tests/CradleServerTests/openapi.json)")
        var output: String?
    }

    var help: String { "Write the API's OpenAPI document." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let path = signature.output ?? "Tests/CradleServerTests/openapi.json"
        try OpenAPIDocument.data.write(to: URL(fileURLWithPath: path))
        context.console.print("Wrote \(path)")
    }
}
