/// Who may do what at the early help front door. A request is seen by the front door and by
/// whoever made it; a panel's agenda only by that panel's members, for the panel's purpose; a
/// plan by its team around the family. None of these is a relationship with the child's
/// record: a panel member still needs one (or break-glass) to open it.
extension AccessPolicy {
    func earlyHelpDecision(_ actor: Actor, _ profession: Profession, _ action: Action, _ resource: Resource,
                           _ purpose: Purpose, _ facts: AccessFacts?) -> Decision? {
        let frontDoor = rules.frontDoor.contains(profession)
        let team = rules.frontDoor.map { $0.label.lowercased() + "s" }.joined(separator: ", ")
        let eh = facts?.earlyHelp ?? EarlyHelpFacts()
        switch resource.category {
        case .supportRequest:
            if action == .create { return .allow("Any practitioner may ask the front door for early help, with the family's consent") }
            if frontDoor { return .allow("Early help front door") }
            if action == .read, eh.isReferrer { return .allow("You made this request") }
            return .deny("A request for support is seen by the front door team (\(team)) and the practitioner who made it")
        case .frontDoor:
            if frontDoor { return .allow("Early help front door") }
            return .deny("Only the early help front door team (\(team)) works the triage queue, advice line and panels")
        case .panelAgenda:
            guard purpose == .multiAgencyPanel else { return .deny("A panel's agenda is open only for the panel's purpose") }
            if frontDoor { return .allow("Early help front door: panel coordination") }
            guard eh.panelMember else { return .deny("Only this panel's members see its agenda") }
            guard action == .read else { return .deny("The front door records the panel's attendance and decisions") }
            if resource.familyId != nil && !eh.familyOnAgenda { return .deny("This family is not on this panel's agenda") }
            return .allow("Member of this panel, for the panel's purpose")
        case .familyPlan:
            if frontDoor { return .allow("Early help front door") }
            switch eh.planRole {
            case .lead: return .allow("You are the family's lead professional")
            case .member: return action == .read ? .allow("Member of the team around the family")
                : .deny("The lead professional updates the plan; members see it and carry out their actions")
            case nil: return .deny("A family's plan is open to its team around the family and the front door")
            }
        case .earlyHelpFamily:
            if frontDoor { return .allow("Early help front door") }
            if eh.planRole != nil { return .allow("Member of the team around the family") }
            return nil    // otherwise as the child's record: a relationship, consent or break-glass
        default:
            return nil
        }
    }
}
