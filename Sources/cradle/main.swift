import CradleServer
#if canImport(Glibc)
import Glibc

// An import links on one thread while another writes; glibc gives each thread its own heap
// and keeps what each freed, so a large import's peak memory is a fifth to a third higher than
// with one heap. One is enough for an import; set before any thread starts. (`mallopt` is in
// <malloc.h>, which the Glibc module leaves out; -8 is its M_ARENA_MAX.)
@_silgen_name("mallopt") func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
if CommandLine.arguments.dropFirst().first == "import" { _ = mallopt(-8, 1) }
#endif

// Errors are logged where they happen; exit non-zero without a crash report.
do {
    try await CradleMain.run()
} catch {
    exit(1)
}
