import CradleServer
#if canImport(Glibc)
import Glibc
#endif

// Errors are logged where they happen; exit non-zero without a crash report.
do {
    try await CradleMain.run()
} catch {
    exit(1)
}
