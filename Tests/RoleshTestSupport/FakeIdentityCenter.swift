// The tests' own IAM Identity Center (Tests/Scripts/fake_identity_center.py): OIDC and
// portal on one loopback port, minting real credentials from a local moto STS.
import Foundation

package final class FakeIdentityCenter: ScriptedServer, @unchecked Sendable {
    package var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts the fake with `state` (see the script's header for its keys); `sts` is moto's URL.
    package init(sts: String, state: [String: Any]) throws {
        var initial = state
        initial["sts_endpoint"] = sts
        initial["user"] = initial["user"] ?? "alice@example.com"
        try super.init(script: "fake_identity_center.py", label: "rolesh-idc", state: initial)
    }
}

extension FakeIdentityCenter {
    /// `[sso-session corp]`, the start URL the tests sign in to, and the SSO profile `dev` on
    /// it (111111111111, Admin, eu-west-1): the config the IAM Identity Center tests start from.
    package static let corpConfig = """
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-west-1
        sso_registration_scopes = sso:account:access

        [profile dev]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = Admin
        region = eu-west-1
        """

    /// What the signed-in user reaches: Dev (111111111111, Admin) and Prod (222222222222, ReadOnly).
    package static var assignments: [String: Any] { [
        "111111111111": ["name": "Dev", "roles": ["Admin"]], "222222222222": ["name": "Prod", "roles": ["ReadOnly"]],
    ] }
}
