import Fluent
import Vapor

enum CradleMigrations {
    /// In order; never edit one that has landed — add the next.
    static func register(_ app: Application) {
        app.migrations.add(M001_CreateReference())
        app.migrations.add(M002_CreatePractitioners())
        app.migrations.add(M003_CreatePeople())
        app.migrations.add(M004_CreateServiceRecords())
        app.migrations.add(M005_CreateSessions())
        app.migrations.add(M006_CreateTeamMemberships())
        app.migrations.add(M007_CreateAuditEvents())
        app.migrations.add(M008_CreateGovernance())
        app.migrations.add(M009_AuthHardening())
        app.migrations.add(M010_PractitionerRoles())
        app.migrations.add(M011_HealthyChildProgramme())
        app.migrations.add(M012_EarlyHelp())
        app.migrations.add(M013_PersonIndex())
        app.migrations.add(M014_BirthLists())
        app.migrations.add(M015_CentreRegistrations())
        app.migrations.add(M016_FollowUps())
        app.migrations.add(M017_Notifications())
        app.migrations.add(M018_AuditTruncateGuard())
        app.migrations.add(M019_InvolvementBasis())
        app.migrations.add(M020_SessionOwnersAndTokenExpiry())
        app.migrations.add(M021_AccountSetupLinks())
        app.migrations.add(M022_TeamLocalities())
        app.migrations.add(M023_SourceRecordAddresses())
        app.migrations.add(M024_OfferOutsideCriteria())
        app.migrations.add(M025_CentreDetails())
        app.migrations.add(M026_PracticeSystems())
        app.migrations.add(M027_ImportLeases())
    }
}
