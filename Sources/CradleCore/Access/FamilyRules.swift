/// What a parent or carer signed in to their family's record may do: see their own family's
/// view, give or withdraw consent for their children and themselves, ask for corrections;
/// nothing a practitioner's role would open, and never notes.
extension AccessPolicy {
    func familyDecision(_ member: FamilyMember, _ action: Action, _ resource: Resource, _ purpose: Purpose, _ facts: AccessFacts?) -> Decision {
        switch resource.category {
        case .ownAccount where purpose == .signIn:
            return .allow("Signing out of your family's record")
        case .selfReferral where action == .create:
            return .allow("A family may ask for help themselves")
        case .familyRecord where purpose == .ownFamily:
            guard action == .read || action == .export else {
                return .deny("Practitioners keep the record: ask for a correction instead")
            }
            guard resource.familyId == member.familyId else { return .deny("You can see only your own family's record") }
            return .allow("Your own family's record")
        case .familyRequest where purpose == .ownFamily:
            guard action == .read || action == .create else { return .deny("The records team answers requests") }
            guard resource.familyId == member.familyId else { return .deny("You can see only your own family's requests") }
            return .allow("Your own family's requests")
        case .consent where purpose == .ownFamily:
            guard action == .read || action == .create else { return .deny("A consent decision is never changed, only followed by a new one") }
            guard resource.personId != nil, let family = facts?.personFamilyId, family == member.familyId else {
                return .deny("You can give or withdraw consent only for your own family")
            }
            guard facts?.personIsChild == true || resource.personId == member.personId else {
                return .deny("Another adult in the family makes their own consent decisions")
            }
            return .allow("Your own family's consent decisions")
        case .caseNote:
            return .deny("Notes stay with the practitioners who wrote them; the records team can tell you how to ask for a copy")
        default:
            return .deny("A family sees its own record through the family pages, not the practitioners' ones")
        }
    }
}
