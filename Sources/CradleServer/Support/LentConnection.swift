import NIOConcurrencyHelpers
import PostgresKit

extension PostgresDatabase {
    /// Runs `body` in the calling task on a connection from the pool (in a transaction, the
    /// transaction's own), given back when it ends. The pool lends a connection only to a
    /// closure that answers a future; a task made in there for every read cost an allocation
    /// and a hop a read.
    func onLentConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let done = eventLoop.makePromise(of: Void.self)
        let answered = NIOLockedValueBox(false)
        @Sendable func first() -> Bool { answered.withLockedValue { was in defer { was = true }; return !was } }
        let connection: PostgresConnection = try await withCheckedThrowingContinuation { lent in
            // The returned future fails only when no connection could be had: `done` always succeeds.
            withConnection { connection in
                if first() { lent.resume(returning: connection) }
                return done.futureResult
            }.whenFailure { error in
                // No connection was lent, so nothing waits on `done`; it is settled all the same.
                done.succeed(())
                if first() { lent.resume(throwing: error) }
            }
        }
        defer { done.succeed(()) }
        return try await body(connection)
    }
}
