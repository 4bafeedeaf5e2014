import Foundation
import Fluent
import SQLKit
import Crypto
import CradleCore

/// Makes centres' birth lists for a month and seals each to its centre's key. With no key
/// registered for a centre no list is made for it, and the reason says how to fix it: a list
/// is never written in the clear.
enum BirthListJob {
    struct Refused: Error, CustomStringConvertible { var description: String }

    static func make(centre code: String, period: Period, today: Day, signer: Curve25519.Signing.PrivateKey,
                     on db: any SQLDatabase) async throws -> (sealed: SealedList, list: BirthList) {
        guard let centre = try await BirthListStore.centre(code: code, on: db) else {
            throw Refused(description: "No children's centre has the code \(code)")
        }
        let made = try await makeAll([centre], period: period, today: today, signer: signer, on: db)
        if case .failure(let refused) = made[0].result { throw refused }
        return try made[0].result.get()
    }

    /// Every given centre's list for the month, routed in one pass; each sealed, or refused.
    static func makeAll(_ centres: [BirthListStore.Centre], period: Period, today: Day, signer: Curve25519.Signing.PrivateKey,
                        on db: any SQLDatabase) async throws -> [(centre: BirthListStore.Centre, result: Result<(sealed: SealedList, list: BirthList), Refused>)] {
        var keys: [Int64: (BirthListStore.Key, Curve25519.KeyAgreement.PublicKey)] = [:]
        for centre in centres {
            if let key = try await BirthListStore.currentKey(centre: centre.id, on: db), let raw = Data(base64Encoded: key.publicKey),
               let publicKey = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw) {
                keys[centre.id] = (key, publicKey)
            }
        }
        let keyed = centres.filter { keys[$0.id] != nil }
        let lists = keyed.isEmpty ? [:] : try await BirthListStore.lists(for: keyed, period: period, today: today, on: db)
        var out: [(centre: BirthListStore.Centre, result: Result<(sealed: SealedList, list: BirthList), Refused>)] = []
        for centre in centres {
            guard let (key, publicKey) = keys[centre.id], let list = lists[centre.id] else {
                out.append((centre, .failure(Refused(description: "\(centre.name) (\(centre.code)) has no key registered, so no list was made for it. Give the centre a key with `cradle centre-key generate --centre \(centre.code) --out FILE`"))))
                continue
            }
            let manifest = SealedList.Manifest(recipient: centre.code, recipientKey: key.fingerprint, period: period.description,
                                               entries: list.entries.count, expected: list.expected.count, birthsInArea: list.birthsInArea,
                                               createdAt: ISO8601DateFormatter.now)
            let sealed = try SealedList.seal(Data(list.csv.utf8), manifest: manifest, to: publicKey, signer: signer)
            try await BirthListStore.logList(centre: centre.id, list, fingerprint: key.fingerprint, on: db)
            out.append((centre, .success((sealed, list))))
        }
        return out
    }
}
