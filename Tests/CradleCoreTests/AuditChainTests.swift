import Testing
@testable import CradleCore

struct AuditChainTests {
    func chain(_ n: Int) -> [AuditEntry] {
        var out: [AuditEntry] = []
        var prev = AuditEntry.genesis
        for i in 1...n {
            let e = AuditEntry(seq: Int64(i), at: "2026-11-27T10:00:0\(i % 10).000Z", actorId: Int64(i), actorProfession: "midwife",
                               action: "read", category: "demographics", personId: 42, familyId: nil, purpose: "direct_care",
                               decision: "allow", reason: "test", path: "/people/42", detail: nil, prevHash: prev)
            prev = e.hash
            out.append(e)
        }
        return out
    }

    func firstProblem(_ entries: [AuditEntry]) -> AuditVerifier.Problem? {
        var v = AuditVerifier()
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
        // Renumbering after a removal still breaks the link to the entry before.
        var renumbered = chain(10); renumbered.remove(at: 6)
        for i in 6..<renumbered.count { renumbered[i].seq -= 1; renumbered[i].hash = renumbered[i].computedHash }
        #expect(firstProblem(renumbered) == .brokenLink(seq: 7))
    }
}
