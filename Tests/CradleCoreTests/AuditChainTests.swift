import Testing
@testable import CradleCore

struct AuditChainTests {
    let key = AuditKey(Array(repeating: UInt8(7), count: 32))

    func chain(_ n: Int, key: AuditKey? = nil) -> [AuditEntry] {
        var out: [AuditEntry] = []
        var prev = AuditEntry.genesis
        for i in 1...n {
            let e = AuditEntry(seq: Int64(i), at: "2026-11-27T10:00:0\(i % 10).000Z", actorId: Int64(i), actorProfession: "midwife",
                               action: "read", category: "demographics", personId: 42, familyId: nil, purpose: "direct_care",
                               decision: "allow", reason: "test", path: "/people/42", detail: nil, prevHash: prev, key: key ?? self.key)
            prev = e.hash
            out.append(e)
        }
        return out
    }

    func firstProblem(_ entries: [AuditEntry], legacyThrough: Int64 = 0) -> AuditVerifier.Problem? {
        var v = AuditVerifier(key: key, legacyThrough: legacyThrough)
        for e in entries { if let p = v.check(e) { return p } }
        return nil
    }

    @Test func anIntactChainVerifies() {
        #expect(firstProblem(chain(20)) == nil)
        #expect(chain(1)[0].hash.count == 64)
    }

    @Test func everyKindOfTamperingIsNamed() {
        var altered = chain(10); altered[4].reason = "changed"
        #expect(firstProblem(altered) == .altered(seq: 5))
        var removed = chain(10); removed.remove(at: 6)
        #expect(firstProblem(removed) == .gap(after: 6, found: 8))
        var swapped = chain(10); swapped.swapAt(2, 3)
        #expect(firstProblem(swapped) == .gap(after: 2, found: 4))
        // Renumbering after a removal, with the key, still breaks the link to the entry before.
        var renumbered = chain(10); renumbered.remove(at: 6)
        for i in 6..<renumbered.count { renumbered[i].seq -= 1; renumbered[i].hash = renumbered[i].mac(key) }
        #expect(firstProblem(renumbered) == .brokenLink(seq: 7))
    }

    /// Without the key, an edited chain cannot be made to verify: recomputing plain hashes, or
    /// MACs under another key, is caught at the first edited entry.
    @Test func aChainRecomputedWithoutTheKeyIsCaught() {
        var plain = chain(10)
        plain[3].reason = "nothing to see"
        for i in 3..<plain.count {
            if i > 3 { plain[i].prevHash = plain[i - 1].hash }
            plain[i].hash = plain[i].legacyHash
        }
        #expect(firstProblem(plain) == .altered(seq: 4))
        let otherKey = chain(10, key: AuditKey.generate())
        #expect(firstProblem(otherKey) == .altered(seq: 1))
    }

    /// Entries written before the trail had a key verify by their plain hash, but only as far
    /// as a signed checkpoint says; after that every entry needs the key.
    @Test func legacyEntriesVerifyOnlyAsFarAsTheCheckpointSays() {
        var entries = chain(6)
        for i in 0..<entries.count {
            if i > 0 { entries[i].prevHash = entries[i - 1].hash }
            entries[i].hash = entries[i].legacyHash
        }
        #expect(firstProblem(entries, legacyThrough: 6) == nil)
        #expect(firstProblem(entries, legacyThrough: 4) == .altered(seq: 5))
    }
}
