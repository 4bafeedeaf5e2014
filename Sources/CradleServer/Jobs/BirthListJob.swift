import Foundation
import Fluent
import SQLKit
import Crypto
import CradleCore

/// Makes one centre's birth list for a month and seals it to the centre's key. With no key
/// registered for the centre no list is made, and the reason says how to fix it: a list is
/// never written in the clear.
enum BirthListJob {
    struct Refused: Error, CustomStringConvertible { var description: String }

    static func make(centre code: String, period: Period, today: Day, signer: Curve25519.Signing.PrivateKey,
                     on db: any SQLDatabase) async throws -> (sealed: SealedList, list: BirthList) {
        guard let centre = try await BirthListStore.centre(code: code, on: db) else {
            throw Refused(description: "No children's centre has the code \(code)")
        }
        guard let key = try await BirthListStore.currentKey(centre: centre.id, on: db),
              let raw = Data(base64Encoded: key.publicKey), let publicKey = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw) else {
            throw Refused(description: "\(centre.name) (\(code)) has no key registered, so no list was made for it. Give the centre a key with `cradle centre-key generate --centre \(code) --out FILE`")
        }
        let list = try await BirthListStore.list(for: centre, period: period, today: today, on: db)
        let manifest = SealedList.Manifest(recipient: code, recipientKey: key.fingerprint, period: period.description,
                                           entries: list.entries.count, expected: list.expected.count, birthsInArea: list.birthsInArea,
                                           createdAt: ISO8601DateFormatter.now)
        let sealed = try SealedList.seal(Data(list.csv.utf8), manifest: manifest, to: publicKey, signer: signer)
        try await BirthListStore.logList(centre: centre.id, list, fingerprint: key.fingerprint, on: db)
        return (sealed, list)
    }
}
