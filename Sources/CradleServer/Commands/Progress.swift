import Foundation

/// A progress bar on standard error for long jobs: done, rate and time left.
final class ProgressBar: @unchecked Sendable {
    let total: Int
    let label: String
    let started = Date()
    private var lastDraw = Date.distantPast
    private let interactive = isatty(STDERR_FILENO) != 0
    private var lastDecile = -1

    init(total: Int, label: String) {
        self.total = max(1, total)
        self.label = label
    }

    func update(_ done: Int, force: Bool = false) {
        let now = Date()
        let fraction = min(1, Double(done) / Double(total))
        if interactive {
            guard force || now.timeIntervalSince(lastDraw) > 0.25 else { return }
            lastDraw = now
            let width = 30
            let filled = Int(fraction * Double(width))
            let elapsed = now.timeIntervalSince(started)
            let rate = elapsed > 0 ? Double(done) / elapsed : 0
            let eta = rate > 0 ? Double(total - done) / rate : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = "\r\(label) \(bar) \(Int(fraction * 100))% \(done)/\(total) · \(Int(rate))/s · \(Int(eta))s left   "
            FileHandle.standardError.write(Data(line.utf8))
        } else {
            let decile = Int(fraction * 10)
            guard decile != lastDecile || force else { return }
            lastDecile = decile
            FileHandle.standardError.write(Data("\(label) \(decile * 10)% (\(done)/\(total))\n".utf8))
        }
    }

    func finish(_ done: Int) {
        update(done, force: true)
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
