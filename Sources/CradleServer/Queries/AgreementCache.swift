import Foundation
import Vapor
import SQLKit
import CradleCore

/// Live agreements per organisation, read at most every few seconds: nearly every record view
/// needs them and they change rarely. Saving an agreement clears the cache; a date passing
/// changes the key; anything else takes effect within five seconds.
final class AgreementCache: Sendable {
    private let cache = ExpiringCache<String, [AgreementFact]>(lifetime: 5)

    func live(for organisation: Int64, today: Day, on db: any SQLDatabase) async throws -> [AgreementFact] {
        let key = "\(organisation)|\(today.iso)"
        if let facts = cache.get(key) { return facts }
        let facts = try await GovernanceStore.liveAgreements(for: organisation, today: today, on: db)
        cache.put(facts, for: key)
        return facts
    }

    func clear() { cache.clear() }
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
