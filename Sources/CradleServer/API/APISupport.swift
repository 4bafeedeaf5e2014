import Vapor
import CradleCore

/// A JSON value as a client sent it; fields are read as text so that the API shares the
/// forms' validation (a number or a string "42" both mean 42).
enum JSONField: Decodable {
    /// A whole number is read exactly (every int64), not through a Double.
    case string(String), integer(Int64), number(Double), bool(Bool), null
    /// A list of simple values (consent's recipients); the forms' comma-separated text.
    case array([JSONField])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .integer(i) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONField].self) { self = .array(a) }
        else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "Nested objects are not accepted here") }
    }

    var text: String? {
        switch self {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return nil
        case .array(let items): return items.compactMap(\.text).joined(separator: ",")
        }
    }
}

extension Request {
    /// The JSON body as text fields, checked against the operation's input (`as`). Anything that
    /// is not a flat JSON object is refused whole.
    func jsonFields(as input: APIInput) throws -> [String: String] {
        try input.read(try jsonObject(), replacing: method == .PUT)
    }

    /// The fields an update sets: a PUT's whole body, or a PATCH (a JSON merge patch, RFC 7396)
    /// laid over the stored record's `current` fields: a field sent replaces it, null clears
    /// it, and a field left out is kept. The version is never taken from what is stored.
    func updateFields(as input: APIInput, current: [String: String]) throws -> [String: String] {
        guard method == .PATCH else { return try jsonFields(as: input) }
        let patch = try jsonObject()
        _ = try input.read(patch)
        var fields = current
        fields["version"] = nil
        for (key, value) in patch { fields[key] = value.text }
        return fields
    }

    /// The body as a flat JSON object (a PATCH may say it is a merge patch).
    func jsonObject() throws -> [String: JSONField] {
        let mergePatch = method == .PATCH && headers.contentType.map { $0.type == "application" && $0.subType == "merge-patch+json" } == true
        guard headers.contentType == .json || mergePatch else {
            throw Abort(.unsupportedMediaType, reason: method == .PATCH ? "Send the body as application/merge-patch+json (or application/json)"
                                                                        : "Send the body as application/json")
        }
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw Abort(.badRequest, reason: "The request body is empty; send a JSON object")
        }
        do {
            return try JSONDecoder().decode([String: JSONField].self, from: Data(buffer.readableBytesView))
        } catch {
            throw Abort(.badRequest, reason: "The request body is not a JSON object of simple fields: \(error.localizedDescription)")
        }
    }
}

extension Request {
    /// The query's parameters, refusing (422, each named) any that are not `allowed` and not
    /// `alsoAccepted` (those are left out of the answer): a list or search that ignored one
    /// would answer a different question than the one asked.
    func queryParameters(allowed: Set<String>, alsoAccepted: (URLQueryItem) -> Bool = { _ in false }) throws -> [(name: String, value: String)] {
        var out: [(String, String)] = []
        var problems = FieldErrors()
        for item in URLComponents(string: url.string)?.queryItems ?? [] where !alsoAccepted(item) {
            guard allowed.contains(item.name) else {
                problems.add(item.name, allowed.isEmpty ? "This operation takes no parameters"
                                                        : "Not a parameter here; use \(allowed.sorted().joined(separator: ", "))")
                continue
            }
            out.append((item.name, item.value ?? ""))
        }
        if !problems.isEmpty { throw InvalidInput(errors: problems) }
        return out
    }
}

/// Encodes any value as a JSON response with camelCase keys.
func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    var headers = HTTPHeaders()
    headers.contentType = .json
    return Response(status: status, headers: headers, body: .init(data: try encoder.encode(value)))
}

struct Created: Encodable { var id: Int64 }

extension Response {
    /// The record's version as its ETag, for a client to send back as If-Match.
    func tagged(_ version: Int?) -> Response {
        if let version { headers.replaceOrAdd(name: .eTag, value: "\"\(version)\"") }
        return self
    }
}

/// The one error shape the API returns: an RFC 9457 problem (`application/problem+json`),
/// with `fields` naming each field in error.
struct Problem: Encodable {
    struct FieldProblem: Encodable { var field: String; var problem: String }
    var type = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var fields: [FieldProblem]

    init(status: HTTPResponseStatus, detail: String, fields: [FieldProblem] = []) {
        self.title = status.reasonPhrase; self.status = Int(status.code); self.detail = detail; self.fields = fields
    }

    var response: Response {
        let response = (try? json(self, status: HTTPResponseStatus(statusCode: status))) ?? Response(status: HTTPResponseStatus(statusCode: status))
        response.headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
        return response
    }
}
