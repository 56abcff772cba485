//! `AWS_IAM` route authorization (§12): the caller signs the request with SigV4, API
//! Gateway checks the signature against the caller's credentials and the caller's
//! identity policies for `execute-api:Invoke` on the route, then hands the caller's
//! identity to the integration in `requestContext.authorizer.iam`.
//!
//! The steps of [`authorize`], in order: [`signature::read_signature`] (unsigned →
//! `Forbidden`) → the credential scope's region and service → the clock skew
//! ([`verify::check_clock_skew`], five minutes) → the access key ([`credentials`]) and its
//! session token → the signature ([`verify::check_signature`], recomputed by
//! `aws-sigv4`) → the caller's policies ([`policy::check_invoke`]). Every refusal is an
//! [`IamDeny`] with AWS's message and gantry's explanation.

pub mod credentials;
pub mod deny;
pub mod policy;
pub mod signature;
pub mod verify;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use serde::Serialize;
use subtle::ConstantTimeEq as _;

pub use credentials::{LocalCredentials, SigningCredentials, role_access_key_id};
pub use deny::IamDeny;
pub use policy::RolePrincipal;
pub(crate) use policy::check_action;
pub use verify::{EXECUTE_API_SERVICE, SignedRequest};

use credentials::{DEFAULT_USER_NAME, ROLE_SESSION_NAME, default_user_id};

/// The roles of the deployed stacks, by the access key id of their local credentials.
#[derive(Debug, Clone, Default)]
pub struct IamRoles {
    by_access_key: HashMap<String, Arc<RolePrincipal>>,
}

impl IamRoles {
    /// Indexes `roles` by [`role_access_key_id`].
    pub fn new(roles: impl IntoIterator<Item = RolePrincipal>) -> Self {
        Self {
            by_access_key: roles
                .into_iter()
                .map(|role| (role_access_key_id(&role.role_arn), Arc::new(role)))
                .collect(),
        }
    }

    /// The role whose local credentials have this access key id.
    pub(crate) fn get(&self, access_key_id: &str) -> Option<&Arc<RolePrincipal>> {
        self.by_access_key.get(access_key_id)
    }
}

/// The API being called and the identities that may sign for it.
#[derive(Debug, Clone, Copy)]
pub struct IamScope<'a> {
    /// The default identity's keys; `None` refuses every request.
    pub local: Option<&'a LocalCredentials>,
    /// The stacks' roles.
    pub roles: &'a IamRoles,
    /// `aws` or another partition's name, for the default user's ARN.
    pub partition: &'a str,
    /// The API's region (the credential scope must name it).
    pub region: &'a str,
    /// The API's account (the default user's account).
    pub account_id: &'a str,
}

/// `requestContext.authorizer.iam` (§12.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallerIdentity {
    /// The access key the request was signed with.
    pub access_key: String,
    /// The caller's account.
    pub account_id: String,
    /// The caller's unique id (`AIDA…`, or `AROA…:session` for a role).
    pub caller_id: String,
    /// Only for Cognito identity pool credentials, which gantry does not issue.
    pub cognito_identity: Option<()>,
    /// The caller's organization; gantry's accounts belong to none.
    pub principal_org_id: Option<String>,
    /// The caller's ARN.
    pub user_arn: String,
    /// Same as `callerId`.
    pub user_id: String,
}

/// A caller allowed to invoke the route, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamAllow {
    /// For the event.
    pub caller: CallerIdentity,
    /// What allowed the call, for the log line.
    pub granted_by: String,
}

/// Who an access key belongs to.
enum Principal<'a> {
    /// The account's default user, `user/gantry`: allowed every route.
    DefaultUser(&'a LocalCredentials),
    /// A role of a stack: its policies decide.
    Role(&'a RolePrincipal, SigningCredentials),
}

/// Checks a request to an `AWS_IAM` route whose ARN is `route_arn`.
pub fn authorize(
    scope: &IamScope<'_>,
    request: &SignedRequest<'_>,
    raw_query: &str,
    route_arn: &str,
    now: SystemTime,
) -> Result<IamAllow, IamDeny> {
    let Some(claim) = signature::read_signature(request.headers, raw_query)? else {
        return Err(IamDeny::Unsigned {
            region: scope.region.to_owned(),
        });
    };
    if claim.region != scope.region {
        return Err(IamDeny::WrongRegion {
            signed: claim.region.to_owned(),
            expected: scope.region.to_owned(),
        });
    }
    if claim.service != EXECUTE_API_SERVICE {
        return Err(IamDeny::WrongService {
            signed: claim.service.to_owned(),
        });
    }
    verify::check_clock_skew(claim.signed_at, now)?;
    let local = scope.local.ok_or(IamDeny::NoLocalCredentials)?;
    let principal = if claim.access_key_id == local.access_key_id {
        Principal::DefaultUser(local)
    } else if let Some(role) = scope.roles.get(claim.access_key_id) {
        Principal::Role(role, local.for_role(&role.role_arn))
    } else {
        return Err(IamDeny::UnknownAccessKey {
            access_key_id: claim.access_key_id.to_owned(),
        });
    };
    let credentials = match &principal {
        Principal::DefaultUser(local) => local.signing(),
        Principal::Role(_, credentials) => credentials.clone(),
    };
    check_session_token(&credentials, claim.security_token)?;
    verify::check_signature(request, &claim, &credentials)?;
    match principal {
        Principal::DefaultUser(local) => {
            let user_id = default_user_id(scope.account_id);
            Ok(IamAllow {
                caller: CallerIdentity {
                    access_key: local.access_key_id.clone(),
                    account_id: scope.account_id.to_owned(),
                    caller_id: user_id.clone(),
                    cognito_identity: None,
                    principal_org_id: None,
                    user_arn: default_user_arn(scope.partition, scope.account_id),
                    user_id,
                },
                granted_by: format!(
                    "signed by {} (the account's default identity, allowed every route)",
                    default_user_arn(scope.partition, scope.account_id)
                ),
            })
        }
        Principal::Role(role, credentials) => {
            let statement = policy::check_invoke(role, route_arn)?;
            let session_arn = assumed_role_arn(&role.role_arn, &role.role_name);
            let caller_id = format!("{}:{ROLE_SESSION_NAME}", role.role_id);
            Ok(IamAllow {
                granted_by: format!(
                    "signed by {session_arn}; {statement} allows execute-api:Invoke on {route_arn}"
                ),
                caller: CallerIdentity {
                    access_key: credentials.access_key_id,
                    account_id: role.account_id.clone(),
                    caller_id: caller_id.clone(),
                    cognito_identity: None,
                    principal_org_id: None,
                    user_arn: session_arn,
                    user_id: caller_id,
                },
            })
        }
    }
}

/// Temporary credentials need their session token, and only theirs.
fn check_session_token(
    credentials: &SigningCredentials,
    sent: Option<&str>,
) -> Result<(), IamDeny> {
    let Some(expected) = &credentials.session_token else {
        // Unconfirmed: a token sent with long-term keys is ignored, as the signature
        // still proves the secret.
        return Ok(());
    };
    match sent {
        Some(token) if bool::from(token.as_bytes().ct_eq(expected.as_bytes())) => Ok(()),
        sent => Err(IamDeny::SecurityToken {
            access_key_id: credentials.access_key_id.clone(),
            sent: sent.is_some(),
        }),
    }
}

/// `arn:{partition}:iam::{account}:user/gantry`.
pub fn default_user_arn(partition: &str, account_id: &str) -> String {
    format!("arn:{partition}:iam::{account_id}:user/{DEFAULT_USER_NAME}")
}

/// `arn:aws:sts::{account}:assumed-role/{RoleName}/gantry` from the role's ARN.
fn assumed_role_arn(role_arn: &str, role_name: &str) -> String {
    let mut parts = role_arn.splitn(6, ':');
    let (partition, account) = (parts.nth(1).unwrap_or("aws"), parts.nth(2).unwrap_or(""));
    format!("arn:{partition}:sts::{account}:assumed-role/{role_name}/{ROLE_SESSION_NAME}")
}

/// `arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}`, the
/// resource an `AWS_IAM` caller needs `execute-api:Invoke` on (§9.2, §12.4).
// Unconfirmed: the path is the request's path (stage prefix removed), not the route
// key's template, as for REST APIs' IAM resources.
pub fn route_arn(
    partition: &str,
    region: &str,
    account_id: &str,
    api_id: &str,
    stage: &str,
    method: &str,
    path: &str,
) -> String {
    let path = path.strip_prefix('/').unwrap_or(path);
    format!("arn:{partition}:execute-api:{region}:{account_id}:{api_id}/{stage}/{method}/{path}")
}

#[cfg(test)]
mod tests;
