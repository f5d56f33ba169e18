import Foundation
import Testing

@testable import APIAuth

struct AccessPolicyTests {
    static let hexProject = "0a1b2c3d4e5f67890a1b2c3d4e5f6789"
    let project = ProjectIdentity(numericID: 10000, hexID: hexProject)
    let other = ProjectIdentity(numericID: 20000, hexID: "ffffffffffffffffffffffffffffffff")

    func policy(_ json: String) throws -> AccessPolicy {
        try AccessPolicy.decode(json: Array(json.utf8))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var policy: String
        var action: String
        var project: ProjectIdentity?
        var expected: PolicyDecision
        var testDescription: String { "\(action) with \(policy)" }
    }

    static let p10000 = ProjectIdentity(numericID: 10000, hexID: hexProject)
    static let onlyHex = ProjectIdentity(hexID: hexProject.uppercased())
    static let onlyNumber = ProjectIdentity(numericID: 10000)
    static let p20000 = ProjectIdentity(numericID: 20000)

    static let table: [Case] = [
        Case(
            policy: #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"dataworks:*"}]}"#,
            action: "dataworks:ListDIJobs", project: p10000, expected: .allow),
        Case(
            policy: #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"dataworks:*"}]}"#,
            action: "drs:ListJobs", project: p10000, expected: .implicitDeny),
        Case(
            policy:
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["dataworks:ListDIJobs"],"Project":["10000"]}]}"#,
            action: "dataworks:ListDIJobs", project: p10000, expected: .allow),
        Case(
            policy:
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["dataworks:ListDIJobs"],"Project":["10000"]}]}"#,
            action: "DataWorks:listdijobs", project: p10000, expected: .allow),
        Case(
            policy:
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["dataworks:ListDIJobs"],"Project":["10000"]}]}"#,
            action: "dataworks:StartDIJob", project: p10000, expected: .implicitDeny),
        Case(
            policy:
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["dataworks:ListDIJobs"],"Project":["10000"]}]}"#,
            action: "dataworks:ListDIJobs", project: p20000, expected: .implicitDeny),
        Case(
            policy:
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["dataworks:ListDIJobs"],"Project":["10000"]}]}"#,
            action: "dataworks:ListDIJobs", project: nil, expected: .implicitDeny),
        // Either id form names the same project.
        Case(
            policy:
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"drs:*","Project":"0A1B2C3D4E5F67890A1B2C3D4E5F6789"}]}"#,
            action: "drs:ListJobs", project: onlyHex, expected: .allow),
        Case(
            policy: #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"drs:*","Project":"10000"}]}"#,
            action: "drs:BatchCreateJobs", project: p10000, expected: .allow),
        Case(
            policy:
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"drs:*","Project":"0a1b2c3d4e5f67890a1b2c3d4e5f6789"}]}"#,
            action: "drs:ListJobs", project: onlyNumber, expected: .implicitDeny),
        Case(
            policy: #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"drs:List*"}]}"#,
            action: "drs:ListJobs", project: p10000, expected: .allow),
        Case(
            policy: #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"drs:List*"}]}"#,
            action: "drs:BatchListJobs", project: p10000, expected: .implicitDeny),
        // Explicit deny wins, whatever the order.
        Case(
            policy:
                #"{"Version":"1","Statement":[{"Effect":"Deny","Action":"dataworks:Delete*","Project":"10000"},{"Effect":"Allow","Action":"*"}]}"#,
            action: "dataworks:DeleteDIJob", project: p10000, expected: .explicitDeny),
        Case(
            policy:
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*"},{"Effect":"Deny","Action":"dataworks:Delete*","Project":"10000"}]}"#,
            action: "dataworks:DeleteDIJob", project: p10000, expected: .explicitDeny),
        Case(
            policy:
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*"},{"Effect":"Deny","Action":"dataworks:Delete*","Project":"10000"}]}"#,
            action: "dataworks:DeleteDIJob", project: p20000, expected: .allow),
        Case(
            policy: #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"tide:*"}]}"#,
            action: "tide:CreateProject", project: nil, expected: .allow),
        Case(
            policy: #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"dataworks:*"}]}"#,
            action: "tide:CreateAccessKey", project: nil, expected: .implicitDeny),
    ]

    @Test(arguments: table)
    func evaluation(_ row: Case) throws {
        #expect(try policy(row.policy).evaluate(action: row.action, project: row.project) == row.expected)
    }

    @Test func invalidPoliciesAreRejectedNamingTheField() {
        let bad: [(String, String)] = [
            ("not json", "not valid JSON"),
            (#"{"Version":"2","Statement":[{"Effect":"Allow","Action":"*"}]}"#, "Version"),
            (#"{"Version":"1","Statement":[]}"#, "Statement"),
            (#"{"Version":"1","Statement":[{"Effect":"Maybe","Action":"*"}]}"#, "not valid JSON"),
            (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":[]}]}"#, "Statement[0].Action"),
            (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ListDIJobs"}]}"#, "Statement[0].Action"),
            (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"data works:x"}]}"#, "Statement[0].Action"),
            (
                #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Project":["abc"]}]}"#,
                "Statement[0].Project"
            ),
            (#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Project":[]}]}"#, "Statement[0].Project"),
        ]
        for (json, field) in bad {
            do {
                _ = try AccessPolicy.decode(json: Array(json.utf8))
                Issue.record("accepted \(json)")
            } catch {
                #expect(error.code == .invalidPolicy)
                #expect(error.message.contains(field), "\(error.message) should name \(field)")
            }
        }
    }

    @Test func policiesRoundTripThroughJSON() throws {
        let original = AccessPolicy(statements: [
            .init(effect: .allow, actions: ["dataworks:ListDIJobs", "drs:*"], projects: ["10000", Self.hexProject]),
            .init(effect: .deny, actions: ["dataworks:Delete*"]),
        ])
        let decoded = try AccessPolicy.decode(json: original.encodedJSON())
        #expect(decoded == original)
        #expect(
            String(decoding: AccessPolicy.administrator.encodedJSON(), as: UTF8.self)
                == #"{"Statement":[{"Action":["*"],"Effect":"Allow","Project":["*"]}],"Version":"1"}"#)
    }

    @Test func authorizeThrowsForbiddenWithTheAction() throws {
        let readOnly = try policy(#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"dataworks:List*"}]}"#)
        try readOnly.authorize(action: "dataworks:ListDIJobs", project: project, accessKeyID: "k")
        do {
            try readOnly.authorize(action: "dataworks:StartDIJob", project: project, accessKeyID: "k")
            Issue.record("allowed")
        } catch {
            #expect(error.code == .accessDenied)
            #expect(error.deniedAction == "dataworks:StartDIJob")
            #expect(!error.explicitDeny)
            #expect(error.dataWorks.httpStatus == 403)
            #expect(error.dataWorks.code == "Forbidden.Access")
            #expect(error.drs.httpStatus == 403)
        }
    }
}
