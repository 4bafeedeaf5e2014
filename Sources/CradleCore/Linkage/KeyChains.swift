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

    /// Adds record `i` under `key`. Records are added in increasing order.
    mutating func insert(_ i: Int32, key: UInt64) {
        if next.count <= Int(i) { next.append(contentsOf: repeatElement(-1, count: Int(i) + 1 - next.count)) }
        let old = heads[key]
        let head = old.map { Int32(truncatingIfNeeded: $0) } ?? -1
        let count = (old ?? 0) >> 32 + 1
        next[Int(i)] = head
        heads[key] = count << 32 | UInt64(UInt32(bitPattern: i))
    }

    /// How many records hold `key`.
    func count(_ key: UInt64) -> Int { Int((heads[key] ?? 0) >> 32) }

    /// The newest record holding `key`, or -1.
    func first(_ key: UInt64) -> Int32 { heads[key].map { Int32(truncatingIfNeeded: $0) } ?? -1 }

    /// The record after `i` in its key's chain, newest to oldest, or -1.
    func after(_ i: Int32) -> Int32 { next[Int(i)] }
}
