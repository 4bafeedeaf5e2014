import Foundation
import Vapor
import SQLKit
import CradleCore

/// Live agreements per organisation (and its kind), read at most every few seconds: nearly
/// every record view needs them and they change rarely. Saving an agreement clears the cache; a date passing
/// changes the key; anything else takes effect within five seconds.
final class AgreementCache: Sendable {
    private let cache = ExpiringCache<String, [AgreementFact]>(lifetime: 5)
    private let kinds = ExpiringCache<Int64, OrganisationKind?>(lifetime: 5)

    func live(for organisation: Int64, today: Day, on db: any SQLDatabase) async throws -> [AgreementFact] {
        let key = "\(organisation)|\(today.iso)"
        if let facts = cache.get(key) { return facts }
        let facts = try await GovernanceStore.liveAgreements(for: organisation, today: today, on: db)
        cache.put(facts, for: key)
        return facts
    }

    /// What kind of organisation this is (a children's centre, a setting…): agreements name
    /// recipients by kind.
    func kind(of organisation: Int64, on db: any SQLDatabase) async throws -> OrganisationKind? {
        if let known = kinds.get(organisation) { return known }
        let kind = try await db.raw("SELECT kind FROM organisations WHERE id = \(bind: organisation)")
            .first(decodingColumn: "kind", as: String.self).flatMap(OrganisationKind.init(rawValue:))
        kinds.put(kind, for: organisation)
        return kind
    }

    func clear() {
        cache.clear()
        kinds.clear()
    }
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
