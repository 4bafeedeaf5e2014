import CradleServer
try await CradleMain.run()
