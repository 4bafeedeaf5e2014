import Foundation
import NIOConcurrencyHelpers

/// Who a session belongs to, kept for a few seconds so that a page view does not re-read the
/// practitioner and their teams on every request. A deactivated account or a team change
/// takes effect within `lifetime`; signing out ends the session itself at once.
final class PractitionerCache: Sendable {
    static let lifetime: TimeInterval = 15
    private let entries = NIOLockedValueBox<[Int64: (SignedIn, Date)]>([:])

    func get(_ id: Int64) -> SignedIn? {
        entries.withLockedValue { e in
            guard let (value, at) = e[id], Date().timeIntervalSince(at) < Self.lifetime else { return nil }
            return value
        }
    }

    func put(_ value: SignedIn, id: Int64) {
        entries.withLockedValue { e in
            if e.count > 10_000 { e.removeAll() }
            e[id] = (value, Date())
        }
    }
}
