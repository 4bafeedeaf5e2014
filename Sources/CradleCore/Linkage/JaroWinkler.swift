/// Jaro–Winkler similarity of two lower-case ASCII names, 0 (nothing shared) to 1 (equal).
/// Works on bytes with fixed-size flags: names are short, and the linker compares tens of
/// millions of pairs.
public enum JaroWinkler {
    public static func similarity(_ a: String, _ b: String) -> Double {
        similarity(Array(a.utf8), Array(b.utf8))
    }

    public static func similarity(_ a: [UInt8], _ b: [UInt8]) -> Double {
        a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in similarity(pa, pb) } }
    }

    public static func similarity(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let la = min(a.count, 64), lb = min(b.count, 64)
        if la == 0 || lb == 0 { return la == lb ? 1 : 0 }
        let window = max(0, max(la, lb) / 2 - 1)
        var aFlags: UInt64 = 0, bFlags: UInt64 = 0
        var matches = 0
        for i in 0..<la {
            let lo = max(0, i - window), hi = min(lb - 1, i + window)
            if lo > hi { continue }
            for j in lo...hi where bFlags & (1 << UInt64(j)) == 0 && a[i] == b[j] {
                aFlags |= 1 << UInt64(i); bFlags |= 1 << UInt64(j); matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0, j = 0
        for i in 0..<la where aFlags & (1 << UInt64(i)) != 0 {
            while bFlags & (1 << UInt64(j)) == 0 { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(la) + m / Double(lb) + (m - Double(transpositions / 2)) / m) / 3
        var prefix = 0
        while prefix < min(4, la, lb) && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
