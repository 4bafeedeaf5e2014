import CradleCore

/// Each record's stored values under its input's field names, for a PATCH to be laid over
/// (`Request.updateFields`): the same validation then reads the whole record.
extension PersonRow {
    var patchable: [String: String] {
        var f = ["kind": kind, "relationship": relationship, "givenName": givenName, "familyName": familyName, "sex": sex]
        f["dateOfBirth"] = dateOfBirth; f["expectedDeliveryDate"] = expectedDeliveryDate; f["nhsNumber"] = nhsNumber
        f["gestationWeeks"] = gestationWeeks.map(String.init); f["birthWeightGrams"] = birthWeightGrams.map(String.init)
        return f
    }
}

extension FamilyRow {
    var patchable: [String: String] { ["name": name] }
}

extension InvolvementRow {
    var patchable: [String: String] {
        var f = ["serviceId": String(serviceId), "wholeFamily": familyId != nil ? "true" : "false", "startDate": startDate]
        f["endDate"] = endDate; f["leadPractitionerId"] = leadPractitionerId.map(String.init)
        return f
    }
}

extension ContactRow {
    var patchable: [String: String] {
        ["serviceId": String(serviceId), "date": date, "type": type, "place": place, "outcome": outcome]
    }
}

extension NoteRow {
    var patchable: [String: String] { ["body": body, "visibility": visibility] }
}

extension AgreementsAPI.Agreement {
    var patchable: [String: String] {
        var f = ["name": name, "parties": parties.map(String.init).joined(separator: ","), "purposes": purposes.joined(separator: ","),
                 "categories": categories.joined(separator: ","), "lawfulBasis": lawfulBasis, "status": status, "startDate": startDate,
                 "caldicottGuardian": caldicottGuardian, "siro": siro, "dpo": dpo]
        f["endDate"] = endDate; f["reviewDate"] = reviewDate
        return f
    }
}
