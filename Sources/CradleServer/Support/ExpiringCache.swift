import Foundation
import NIOConcurrencyHelpers

/// A small in-process cache whose entries are trusted for `lifetime` seconds: for data read on
/// almost every request that changes rarely (who a session belongs to, live agreements).
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    let lifetime: TimeInterval
    let capacity: Int
    private let entries = NIOLockedValueBox<[Key: (Value, Date)]>([:])

    init(lifetime: TimeInterval, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    func get(_ key: Key) -> Value? {
        entries.withLockedValue { e in
            guard let (value, at) = e[key], Date().timeIntervalSince(at) < lifetime else { return nil }
            return value
        }
    }

    func put(_ value: Value, for key: Key) {
        entries.withLockedValue { e in
            if e.count >= capacity { e.removeAll() }
            e[key] = (value, Date())
        }
    }

    func clear() { entries.withLockedValue { $0.removeAll() } }
}
