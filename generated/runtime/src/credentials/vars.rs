//! The environment variables the providers read, and the checks their values
//! (and those of keys in files) go through.

use super::error::CredentialsErrorKind;

/// Environment variable holding the access key id.
pub const ACCESS_KEY_ID_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Environment variable holding the access key secret.
pub const ACCESS_KEY_SECRET_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Environment variable holding an optional STS security token.
pub const SECURITY_TOKEN_VAR: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// Environment variable naming the profile to use: of the aliyun CLI file
/// (instead of its `current` profile) and of the credentials file (instead
/// of `default`).
pub const PROFILE_VAR: &str = "ALIBABA_CLOUD_PROFILE";
/// Environment variable that, set to `true`, makes the
/// [`DefaultCredentialsChain`](super::DefaultCredentialsChain) skip the aliyun CLI configuration file.
pub const CLI_PROFILE_DISABLED_VAR: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";
/// Environment variable naming the credentials file (instead of
/// `~/.alibabacloud/credentials.ini`).
pub const CREDENTIALS_FILE_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
/// Environment variable holding the ARN of the RAM role to assume (OIDC, and
/// [`AssumeRoleProvider`](super::AssumeRoleProvider) has none configured).
pub const ROLE_ARN_VAR: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// Environment variable holding the ARN of the OIDC identity provider.
pub const OIDC_PROVIDER_ARN_VAR: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// Environment variable naming the file that holds the OIDC token.
pub const OIDC_TOKEN_FILE_VAR: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
/// Environment variable holding the role session name for assumed roles.
pub const ROLE_SESSION_NAME_VAR: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
/// Environment variable naming the region whose STS endpoint to call.
pub const STS_REGION_VAR: &str = "ALIBABA_CLOUD_STS_REGION";
/// Environment variable that, set to `true`, makes STS calls use the
/// region's VPC endpoint (`sts-vpc.<region>.aliyuncs.com`).
pub const VPC_ENDPOINT_ENABLED_VAR: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// Environment variable naming the ECS instance's RAM role (instead of
/// asking the metadata service).
pub const ECS_METADATA_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// Environment variable that, set to `true`, turns the ECS metadata service
/// off as a credentials source.
pub const ECS_METADATA_DISABLED_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// Environment variable that, set to `true`, forbids falling back to
/// metadata requests without a session token (IMDSv1).
pub const IMDSV1_DISABLED_VAR: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";
/// Environment variable holding a URI that serves credentials.
pub const CREDENTIALS_URI_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";

/// Checks a credential value read from `name` (an environment variable or a
/// key in a file): non-empty and without surrounding whitespace.
pub(crate) fn check_value(
    value: String,
    empty: CredentialsErrorKind,
    name: &str,
) -> Result<String, CredentialsErrorKind> {
    if value.trim().is_empty() {
        Err(empty)
    } else if value.trim() != value {
        Err(CredentialsErrorKind::SurroundingWhitespace {
            name: name.to_owned(),
        })
    } else {
        Ok(value)
    }
}
