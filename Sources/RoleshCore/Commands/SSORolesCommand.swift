// `rolesh sso roles`: every account and role a sign-in can reach (SSORoleListing), as a
// table or JSON.

import FoundationEssentials

package enum SSORolesCommand {
    /// Every account and role the sign-in to the [sso-session] `session` names (else the only
    /// one) reaches, as a table or JSON. `progress` hears the accounts done and the total.
    package static func run(session: String?, json: Bool, context: RoleshContext,
                            progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> String {
        let listed = try SSORoleListing.assignments(session: session, state: CommandState(context), progress: progress)
        return render(listed.assignments, json: json)
    }

    package static func render(_ assignments: [SSORoleAssignment], json: Bool) -> String {
        if json {
            return jsonArrayOfObjects(assignments.map { assignment in
                [("account_id", assignment.accountID), ("account_name", assignment.accountName),
                 ("email", assignment.email), ("role_name", assignment.roleName)]
            })
        }
        let rows = [["ACCOUNT ID", "ACCOUNT NAME", "ROLE"]] + assignments.map { assignment in
            [assignment.accountID, assignment.accountName, assignment.roleName].map(\.escapingControlCharacters)
        }
        return textTable(rows)
    }
}
