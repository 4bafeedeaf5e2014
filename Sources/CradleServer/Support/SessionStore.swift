import Vapor
import SQLKit
import Foundation

/// Sessions kept in the database, so any app server behind a load balancer can serve any
/// request. Unlike Vapor's Fluent driver it writes only when the session's data changed,
/// so reading a page costs one indexed read and no write.
struct SessionStore: SessionDriver {
    struct LoadedKey: StorageKey { typealias Value = [String: String] }
    static let lifetime: TimeInterval = 8 * 3600

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        let id = SessionID(string: Tokens.random())
        return request.eventLoop.makeFutureWithTask {
            try await request.sql.insert(into: "sessions")
                .columns("id", "data", "expires_at", "practitioner_id")
                .values(SQLBind(Tokens.hash(id.string)), SQLBind(try encode(data)), SQLBind(expiry()), SQLBind(Self.owner(data)))
                .run()
            return id
        }
    }

    func readSession(_ id: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        request.eventLoop.makeFutureWithTask {
            struct Row: Decodable { var data: String; var expiresAt: Double }
            guard let row = try await request.sql.raw("SELECT data, expires_at FROM sessions WHERE id = \(bind: Tokens.hash(id.string))")
                .first(decoding: Row.self, with: rowDecoder), row.expiresAt > Date().timeIntervalSince1970 else { return nil }
            let values = try JSONDecoder().decode([String: String].self, from: Data(row.data.utf8))
            request.storage[LoadedKey.self] = values
            return SessionData(initialData: values)
        }
    }

    func updateSession(_ id: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        if request.storage[LoadedKey.self] == data.snapshot { return request.eventLoop.makeSucceededFuture(id) }
        return request.eventLoop.makeFutureWithTask {
            try await request.sql.raw("""
                UPDATE sessions SET data = \(bind: try encode(data)), practitioner_id = \(bind: Self.owner(data))
                WHERE id = \(bind: Tokens.hash(id.string))
                """).run()
            return id
        }
    }

    func deleteSession(_ id: SessionID, for request: Request) -> EventLoopFuture<Void> {
        request.eventLoop.makeFutureWithTask {
            try await request.sql.raw("DELETE FROM sessions WHERE id = \(bind: Tokens.hash(id.string))").run()
        }
    }

    /// Whose session it is, once signed in.
    static func owner(_ data: SessionData) -> Int64? { data["pid"].flatMap(Int64.init) }

    /// Ends every session of a practitioner but the one given (the one changing the password).
    static func endOthers(of practitioner: Int64, keeping current: SessionID?, on db: any SQLDatabase) async throws {
        try await db.raw("""
            DELETE FROM sessions WHERE practitioner_id = \(bind: practitioner) AND id <> \(bind: current.map { Tokens.hash($0.string) } ?? "")
            """).run()
    }

    private func encode(_ data: SessionData) throws -> String {
        String(decoding: try JSONEncoder().encode(data.snapshot), as: UTF8.self)
    }

    private func expiry() -> Double { Date().timeIntervalSince1970 + Self.lifetime }
}
