import Vapor

/// What every API answer says about itself, errors included: never to be cached (it names
/// children), how to authenticate when it was refused for want of a token, and, for a method
/// the address does not take, 405 with the methods it does (`Allow`) rather than 404.
struct APIHeadersMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard req.isAPI else { return try await next.respond(to: req) }
        var response = try await next.respond(to: req)
        if response.status == .notFound, let names = Self.methods(for: req), !names.isEmpty, !names.contains(req.method.rawValue) {
            response = apiError(status: .methodNotAllowed, detail: "\(req.url.path) takes \(names.joined(separator: ", ")), not \(req.method.rawValue)", for: req)
            response.headers.replaceOrAdd(name: .allow, value: names.joined(separator: ", "))
        }
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        if response.status == .unauthorized {
            response.headers.replaceOrAdd(name: .wwwAuthenticate, value: #"Bearer realm="Cradle API""#)
        }
        return response
    }

    /// The methods the application's routes take at this request's path, sorted (nil if none match).
    static func methods(for req: Request) -> [String]? {
        let parts = req.url.path.split(separator: "/").map(String.init)
        let matching = req.application.routes.all.filter { route in
            guard route.path.count == parts.count else { return false }
            return zip(route.path, parts).allSatisfy { component, part in
                switch component {
                case .constant(let c): return c == part
                case .parameter, .anything: return true
                case .catchall: return true
                }
            }
        }
        return matching.isEmpty ? nil : Set(matching.map(\.method.rawValue)).sorted()
    }
}

/// 201 Created with where the new resource lives.
func created(_ id: Int64, at path: String) throws -> Response {
    let response = try json(Created(id: id), status: .created)
    response.headers.replaceOrAdd(name: .location, value: path)
    return response
}
