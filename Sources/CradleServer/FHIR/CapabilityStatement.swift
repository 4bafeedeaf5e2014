import Foundation

/// What `/fhir/R4` serves, as FHIR's CapabilityStatement: read and search only, JSON only,
/// bearer tokens (a personal token or an identity provider's), and every search parameter
/// the API takes (it refuses the rest).
enum CapabilityStatement {
    typealias Object = FHIRResources.Object

    static func document(base: String) -> Object {
        let byPatient: [Object] = [["name": "patient", "type": "reference", "documentation": "The child: Patient/<id> or <id>"]]
        var resources: [Object] = [[
            "type": "Patient", "profile": "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient",
            "interaction": [["code": "read"], ["code": "search-type"]],
            "searchParam": [
                ["name": "identifier", "type": "token", "documentation": "\(FHIRResources.nhsNumberSystem)|<NHS number>"],
                ["name": "family", "type": "string", "documentation": "With birthdate"],
                ["name": "given", "type": "string", "documentation": "With family and birthdate"],
                ["name": "birthdate", "type": "date", "documentation": "With family; an exact day"],
                ["name": "address-postalcode", "type": "string", "documentation": "A full postcode"],
            ],
            "operation": [["name": "everything", "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything"]],
        ]]
        let profiles = ["RelatedPerson": "UKCore-RelatedPerson", "EpisodeOfCare": "UKCore-EpisodeOfCare", "Encounter": "UKCore-Encounter",
                        "Observation": "UKCore-Observation", "QuestionnaireResponse": "UKCore-QuestionnaireResponse", "Consent": "UKCore-Consent",
                        "CarePlan": "UKCore-CarePlan"]
        for type in FHIRAPI.PatientCompartment.allCases {
            resources.append(["type": type.rawValue, "profile": "https://fhir.hl7.org.uk/StructureDefinition/\(profiles[type.rawValue]!)",
                              "interaction": [["code": "search-type"]], "searchParam": byPatient])
        }
        return [
            "resourceType": "CapabilityStatement", "status": "active", "date": "2026-12-06", "kind": "instance",
            "name": "CradleFHIRR4", "title": "Cradle FHIR R4 read API",
            "publisher": "Cradle",
            "implementation": ["description": "Cradle: the integrated early-years record", "url": base],
            "fhirVersion": "4.0.1", "format": ["application/fhir+json", "json"],
            "rest": [[
                "mode": "server",
                "documentation": "Every read is decided by Cradle's access policy for the reader and the child, and audited.",
                "security": ["cors": false, "description": "Bearer token: a practitioner's personal API token (POST /api/v1/tokens) or an OpenID Connect access token",
                             "service": [["coding": [["system": "http://terminology.hl7.org/CodeSystem/restful-security-service", "code": "OAuth"]]]]],
                "resource": resources,
            ]],
        ]
    }
}
