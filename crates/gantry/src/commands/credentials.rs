//! `gantry credentials`: the local AWS credentials that sign requests to `AWS_IAM`
//! routes, for the AWS SDKs, the AWS CLI and `awscurl`.
//!
//! The account's default identity (`arn:aws:iam::{account}:user/gantry`, allowed every
//! route) has an access key kept in the state, made on the first `gantry up`; a role of a
//! deployed stack (`--role`) gets temporary credentials derived from it, and its policies
//! decide which routes it may call (docs/aws-http-api.md §12.4).

use std::process::ExitCode;

use apigw::iam::{LocalCredentials, SigningCredentials, default_user_arn};
use serde_json::json;
use store::model::{ResourceModel, Role};
use store::{StackRecord, Store};

use crate::args::{CredentialsArgs, CredentialsFormat};
use crate::commands::open_state;
use crate::commands::up::state_exists;
use crate::usage;

/// The setting under which the default identity's keys are kept.
const LOCAL_CREDENTIALS_SETTING: &str = "local_credentials";
/// The profile name `--format aws-config` writes.
const PROFILE: &str = "gantry";

/// The default identity's keys, made and stored on first use.
pub(crate) fn local_credentials(store: &Store) -> anyhow::Result<LocalCredentials> {
    if let Some(stored) = store.setting(LOCAL_CREDENTIALS_SETTING)? {
        return serde_json::from_str(&stored).map_err(|e| {
            anyhow::anyhow!(
                "the state's {LOCAL_CREDENTIALS_SETTING} setting is unreadable ({e}); delete it with sqlite3 to make new keys"
            )
        });
    }
    let credentials = LocalCredentials::generate()?;
    store.put_setting(
        LOCAL_CREDENTIALS_SETTING,
        &serde_json::to_string(&credentials)?,
    )?;
    Ok(credentials)
}

pub(crate) fn run(args: &CredentialsArgs) -> anyhow::Result<ExitCode> {
    if !state_exists(&args.state_dir) {
        return Err(usage(format!(
            "no gantry state in {}; run `gantry up` first (or pass the --state-dir it used)",
            args.state_dir.display()
        )));
    }
    let store = open_state(&args.state_dir)?;
    let local = local_credentials(&store)?;
    let stacks = store.stacks()?;
    let (credentials, principal, region) = match &args.role {
        None => {
            let stack = stacks.first();
            let account = stack.map_or("123456789012", |s| s.account_id.as_str());
            let partition = arn::Partition::of_region(stack.map_or("us-east-1", |s| &s.region));
            (
                local.signing(),
                default_user_arn(partition.id(), account),
                stack.map(|s| s.region.clone()),
            )
        }
        Some(wanted) => {
            let (stack, role) = find_role(&stacks, wanted)?;
            (
                local.for_role(&role.arn),
                role.arn.clone(),
                Some(stack.region.clone()),
            )
        }
    };
    print!(
        "{}",
        render(args.format, &credentials, &principal, region.as_deref())
    );
    Ok(ExitCode::SUCCESS)
}

/// The role a logical id or `RoleName` names, in the deployed stacks.
fn find_role<'s>(
    stacks: &'s [StackRecord],
    wanted: &str,
) -> anyhow::Result<(&'s StackRecord, &'s Role)> {
    let roles: Vec<(&StackRecord, &str, &Role)> = stacks
        .iter()
        .flat_map(|stack| {
            stack
                .resources
                .iter()
                .filter_map(move |record| match &record.model {
                    ResourceModel::Role(role) => Some((stack, record.logical_id.as_str(), role)),
                    _ => None,
                })
        })
        .collect();
    roles
        .iter()
        .find(|(_, logical_id, role)| *logical_id == wanted || role.role_name == wanted)
        .map(|(stack, _, role)| (*stack, *role))
        .ok_or_else(|| {
            let known: Vec<&str> = roles.iter().map(|(_, logical_id, _)| *logical_id).collect();
            usage(if known.is_empty() {
                format!("--role {wanted}: the deployed stacks have no AWS::IAM::Role")
            } else {
                format!(
                    "--role {wanted}: no deployed AWS::IAM::Role has that logical id or RoleName; the roles are: {}",
                    known.join(", ")
                )
            })
        })
}

fn render(
    format: CredentialsFormat,
    credentials: &SigningCredentials,
    principal: &str,
    region: Option<&str>,
) -> String {
    let token = credentials.session_token.as_deref();
    match format {
        CredentialsFormat::Env => {
            let mut text = format!(
                "# {principal}\nexport AWS_ACCESS_KEY_ID={}\nexport AWS_SECRET_ACCESS_KEY={}\n",
                credentials.access_key_id,
                shell_quote(&credentials.secret_access_key)
            );
            match token {
                Some(token) => text.push_str(&format!(
                    "export AWS_SESSION_TOKEN={}\n",
                    shell_quote(token)
                )),
                None => text.push_str("unset AWS_SESSION_TOKEN\n"),
            }
            if let Some(region) = region {
                text.push_str(&format!(
                    "export AWS_REGION={region}\nexport AWS_DEFAULT_REGION={region}\n"
                ));
            }
            text
        }
        CredentialsFormat::Json => {
            let mut value = json!({
                "Version": 1,
                "AccessKeyId": credentials.access_key_id,
                "SecretAccessKey": credentials.secret_access_key,
            });
            if let Some(token) = token {
                value["SessionToken"] = json!(token);
            }
            format!("{value}\n")
        }
        CredentialsFormat::AwsConfig => {
            let mut text = format!(
                "# {principal}\n[profile {PROFILE}]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
                credentials.access_key_id, credentials.secret_access_key
            );
            if let Some(token) = token {
                text.push_str(&format!("aws_session_token = {token}\n"));
            }
            if let Some(region) = region {
                text.push_str(&format!("region = {region}\n"));
            }
            text
        }
    }
}

/// Single-quoted for POSIX shells.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}
