// Where IAM Identity Center's OIDC and portal calls go. As botocore does for the nested sso
// and sso-oidc clients, the *selected* profile's endpoint settings apply (in a chain too: the
// SSO source profile's own are not read), and `sso_region` picks the partition's host.

/// The two base URLs (no trailing slash) one sign-in or role fetch talks to.
struct SSOEndpoints: Equatable, Sendable {
    /// sso-oidc: RegisterClient, StartDeviceAuthorization, CreateToken and `/authorize`.
    var oidc: String
    /// sso (the portal): GetRoleCredentials, ListAccounts, ListAccountRoles, Logout.
    var portal: String

    init(oidc: String, portal: String) {
        self.oidc = oidc
        self.portal = portal
    }

    /// First that is set, for each service: `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL_SSO`,
    /// `AWS_ENDPOINT_URL`, the `[services NAME]` section's `sso_oidc` / `sso` `endpoint_url`, the
    /// selected profile's `endpoint_url`; none of these when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
    /// (or, where that variable is unset, the profile's `ignore_configured_endpoint_urls`) is
    /// true; else the host for `region` in its partition, FIPS and dual-stack as the
    /// environment and the profile ask.
    init(environment: [String: String], config: AWSConfig, selectedProfile profile: Profile?, region: String) throws {
        try STSLimits.validateRegion(region)
        var environment = environment
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] == nil, let setting = profile?.ignoreConfiguredEndpointURLs {
            environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = setting
        }
        let variant = EndpointVariant(environment: environment, profile: profile)
        func url(_ service: EndpointService, servicesKey: String) throws -> String {
            let url = try STSEndpointResolver.identityCenterURL(
                service, environment: environment,
                servicesEndpointURL: profile.flatMap { config.serviceEndpointURL(servicesKey, for: $0) },
                profileEndpointURL: profile?.endpointURL, region: region, variant: variant)
            return url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        self.init(oidc: try url(.ssoOIDC, servicesKey: "sso_oidc"), portal: try url(.ssoPortal, servicesKey: "sso"))
    }
}
