/// Records grouped by a key, held as chains through one array rather than an array a key: for
/// each key its newest record and how many records it has, and for each record the next older
/// one with its key. Most keys hold two or three records, fewer bytes than an array's own
/// heap header.
struct KeyChains: Sendable {
    /// A key's newest record (low 32 bits) and its record count (high 32 bits).
    private var heads: [UInt64: UInt64] = [:]
    /// Each record's next older record with the same key; -1 ends a chain (or the record is in
    /// none).
    private var next: [Int32] = []
    /// How many records its key held before each record came, capped at `UInt16.max`: a record
    /// walks only the records older than itself, and a block's size is judged as the record
    /// found it, so records added to the chains ahead of their turn see what they would have.
    private var olderCount: [UInt16] = []

    /// Adds record `i` under `key`. Records are added in increasing order.
    mutating func insert(_ i: Int32, key: UInt64) {
        let count = (place(i, key: key) ?? 0) >> 32 + 1
        heads[key] = count << 32 | UInt64(UInt32(bitPattern: i))
    }

    /// Gives record `i`, which is not in the chains, a place to walk the older records with
    /// `key` from, without adding it: a record with an NHS number walks only the records
    /// without one.
    mutating func mark(_ i: Int32, key: UInt64) { _ = place(i, key: key) }

    private mutating func place(_ i: Int32, key: UInt64) -> UInt64? {
        if next.count <= Int(i) {
            let more = Int(i) + 1 - next.count
            next.append(contentsOf: repeatElement(-1, count: more))
            olderCount.append(contentsOf: repeatElement(0, count: more))
        }
        let old = heads[key]
        next[Int(i)] = old.map { Int32(truncatingIfNeeded: $0) } ?? -1
        olderCount[Int(i)] = UInt16(clamping: (old ?? 0) >> 32)
        return old
    }

    /// How many records hold `key`.
    func count(_ key: UInt64) -> Int { Int((heads[key] ?? 0) >> 32) }

    /// The newest record holding `key`, or -1.
    func first(_ key: UInt64) -> Int32 { heads[key].map { Int32(truncatingIfNeeded: $0) } ?? -1 }

    /// The record after `i` in its key's chain, newest to oldest, or -1: for a record placed by
    /// `mark`, the newest record older than it.
    func after(_ i: Int32) -> Int32 { next[Int(i)] }

    /// How many records held the key of record `i` (inserted or marked) when it came.
    func older(_ i: Int32) -> Int { Int(olderCount[Int(i)]) }
}
