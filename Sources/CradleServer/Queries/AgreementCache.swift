import Foundation
import Vapor
import SQLKit
import NIOConcurrencyHelpers
import CradleCore

/// Live agreements per organisation, read at most every few seconds: nearly every record view
/// needs them and they change rarely. Saving an agreement clears it; a date passing changes
/// the key; anything else takes effect within `lifetime`.
final class AgreementCache: Sendable {
    static let lifetime: TimeInterval = 5
    private let entries = NIOLockedValueBox<[String: ([AgreementFact], Date)]>([:])

    func live(for organisation: Int64, today: Day, on db: any SQLDatabase) async throws -> [AgreementFact] {
        let key = "\(organisation)|\(today.iso)"
        if let (facts, at) = entries.withLockedValue({ $0[key] }), Date().timeIntervalSince(at) < Self.lifetime { return facts }
        let facts = try await GovernanceStore.liveAgreements(for: organisation, today: today, on: db)
        entries.withLockedValue { $0[key] = (facts, Date()) }
        return facts
    }

    func clear() { entries.withLockedValue { $0.removeAll() } }
}

struct AgreementCacheKey: StorageKey { typealias Value = AgreementCache }

extension Application {
    var agreementCache: AgreementCache {
        if let c = storage[AgreementCacheKey.self] { return c }
        let c = AgreementCache()
        storage[AgreementCacheKey.self] = c
        return c
    }
}
