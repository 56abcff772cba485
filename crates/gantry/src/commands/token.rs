//! `gantry token`: an access token from the built-in issuer of the `gantry up` that uses
//! the same state directory, for `curl -H "Authorization: Bearer $(gantry token)"`;
//! with `--cognito id|access`, a token shaped like a Cognito user pool's ([`cognito`]).

mod cognito;

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use issuer::{Issuer, SigningKey, TokenRequest};
use serde_json::{Map, Value};
use store::Store;
use store::model::ResourceModel;

use crate::args::TokenArgs;
use crate::commands::open_state;
use crate::commands::up::{ISSUER_URL_SETTING, state_exists};
use crate::usage;

pub(crate) fn run(args: &TokenArgs) -> anyhow::Result<ExitCode> {
    if !state_exists(&args.state_dir) {
        return Err(usage(format!(
            "no gantry state in {}; run `gantry up` first (or pass the --state-dir it used)",
            args.state_dir.display()
        )));
    }
    let store = open_state(&args.state_dir)?;
    let (Some(pem), Some(url)) = (store.issuer_key()?, store.setting(ISSUER_URL_SETTING)?) else {
        return Err(usage(format!(
            "the state in {} has no built-in issuer yet; run `gantry up` first",
            args.state_dir.display()
        )));
    };
    let issuer = Issuer::new(&url, SigningKey::from_pkcs8_pem(&pem)?);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let scopes = scopes(args.scope.as_deref());
    if let Some(token_use) = args.cognito {
        let client_id = cognito::client_id(&store, args.client_id.as_deref())?;
        let mut request = cognito::request(token_use, &client_id, &args.username, scopes, now);
        request.expires_in = Some(args.expires_in);
        request.extra_claims.extend(extra_claims(&args.claims)?);
        println!("{}", issuer.mint(&request, now)?);
        return Ok(ExitCode::SUCCESS);
    }
    let audience = match &args.audience {
        Some(audience) => audience.clone(),
        None => default_audience(&store, issuer.url())?,
    };
    let request = TokenRequest {
        audience: vec![audience],
        scopes,
        expires_in: Some(args.expires_in),
        extra_claims: extra_claims(&args.claims)?,
        ..TokenRequest::default()
    };
    println!("{}", issuer.mint(&request, now)?);
    Ok(ExitCode::SUCCESS)
}

/// The audience of the deployed JWT authorizers that trust the built-in issuer, when
/// there is exactly one.
fn default_audience(store: &Store, issuer_url: &str) -> anyhow::Result<String> {
    let audiences: BTreeSet<String> = store
        .stacks()?
        .iter()
        .flat_map(|stack| &stack.resources)
        .flat_map(|record| match &record.model {
            ResourceModel::Authorizer(authorizer) => vec![authorizer],
            // Authorizers imported from an OpenAPI definition (§11.3).
            ResourceModel::Api(api) => api
                .imported
                .iter()
                .flat_map(|imported| &imported.authorizers)
                .collect(),
            _ => Vec::new(),
        })
        .filter_map(|authorizer| authorizer.jwt_configuration.as_ref())
        .filter(|jwt| jwt.issuer == issuer_url)
        .flat_map(|jwt| jwt.audience.iter().cloned())
        .collect();
    let mut iter = audiences.iter();
    match (iter.next(), iter.next()) {
        (Some(only), None) => Ok(only.clone()),
        (None, _) => Err(usage(format!(
            "no deployed JWT authorizer trusts the built-in issuer ({issuer_url}); pass --audience"
        ))),
        _ => Err(usage(format!(
            "the deployed JWT authorizers expect several audiences ({}); pass --audience",
            audiences.into_iter().collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// `--scope "a b"` as a list.
fn scopes(scope: Option<&str>) -> Vec<String> {
    scope
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// `--claim KEY=VALUE`: VALUE is JSON when it parses as JSON, else a string.
fn extra_claims(claims: &[String]) -> anyhow::Result<Map<String, Value>> {
    claims
        .iter()
        .map(|claim| {
            let (key, value) = claim
                .split_once('=')
                .filter(|(key, _)| !key.is_empty())
                .ok_or_else(|| usage(format!("--claim {claim:?} is not KEY=VALUE")))?;
            let value =
                serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()));
            Ok((key.to_owned(), value))
        })
        .collect()
}
