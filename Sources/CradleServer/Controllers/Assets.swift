import Vapor
import CradleCore

/// The stylesheet, bundled with the binary.
enum Assets {
    static let css: String = {
        guard let url = Bundle.module.url(forResource: "cradle", withExtension: "css", subdirectory: "Public"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()

    static func stylesheet(_ req: Request) async throws -> Response {
        try await req.authorize(.read, Resource(.publicPage))
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.add(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: css))
    }
}
