//! One statement of a resource policy, compiled: principal, action, resources (short
//! form kept for expansion against each method ARN) and the conditions gantry evaluates.

use std::net::IpAddr;

use super::PolicyCaller;
use crate::permission::policy::{Condition, Effect, Principals, Statement};
use crate::permission::wildcard::{action_matches, arn_like};

/// The action a resource policy governs.
const INVOKE_ACTION: &str = "execute-api:Invoke";
/// The short resource form: `execute-api:/{stage}/{METHOD}/{path}`.
const SHORT_RESOURCE_PREFIX: &str = "execute-api:";
const SOURCE_IP_KEY: &str = "aws:SourceIp";
const SOURCE_VPC_KEYS: &[&str] = &["aws:SourceVpc", "aws:SourceVpce"];

/// Who a statement names.
#[derive(Debug)]
enum Principal {
    /// `"*"` or `{"AWS": "*"}`.
    Everyone,
    /// `{"AWS": [...]}`: principal ARNs or account ids.
    Aws(Vec<String>),
}

/// A condition gantry can evaluate.
#[derive(Debug)]
enum PolicyCondition {
    /// `IpAddress` / `NotIpAddress` on `aws:SourceIp`.
    SourceIp {
        negated: bool,
        networks: Vec<(IpAddr, u8)>,
    },
    /// `StringEquals` / `StringNotEquals` on a VPC key: never present locally.
    Vpc { negated: bool },
}

/// A compiled statement.
#[derive(Debug)]
pub(super) struct PolicyStatement {
    pub(super) number: usize,
    pub(super) allow: bool,
    principal: Principal,
    governs_invoke: bool,
    resources: Vec<String>,
    conditions: Vec<PolicyCondition>,
}

impl PolicyStatement {
    pub(super) fn compile(number: usize, statement: Statement) -> Result<Self, String> {
        if statement.action.negated {
            return Err("NotAction is not evaluated by gantry; use Action".to_owned());
        }
        let principal = match statement.principal {
            None => return Err("a resource policy statement needs a Principal".to_owned()),
            Some(element) if element.negated => {
                return Err("NotPrincipal is not evaluated by gantry; use Principal".to_owned());
            }
            Some(element) => match element.values {
                Principals::Everyone => Principal::Everyone,
                Principals::Named(named) => Principal::Aws(
                    named
                        .into_iter()
                        .filter(|(kind, _)| kind == "AWS")
                        .flat_map(|(_, ids)| ids)
                        .collect(),
                ),
            },
        };
        let resources = match statement.resource {
            None => return Err("a resource policy statement needs a Resource".to_owned()),
            Some(element) if element.negated => {
                return Err("NotResource is not evaluated by gantry; use Resource".to_owned());
            }
            Some(element) => element.values,
        };
        let conditions = statement
            .conditions
            .iter()
            .map(compile_condition)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            number,
            allow: statement.effect == Effect::Allow,
            principal,
            governs_invoke: statement
                .action
                .values
                .iter()
                .any(|action| action_matches(action, INVOKE_ACTION)),
            resources,
            conditions,
        })
    }

    /// Whether the statement applies to this call.
    pub(super) fn applies(&self, method_arn: &str, caller: PolicyCaller<'_>) -> bool {
        self.governs_invoke
            && self.names(caller.principal_arn)
            && self
                .resources
                .iter()
                .any(|resource| arn_like(&expand(resource, method_arn), method_arn))
            && self.conditions.iter().all(|c| c.holds(caller.source_ip))
    }

    fn names(&self, principal_arn: Option<&str>) -> bool {
        match (&self.principal, principal_arn) {
            (Principal::Everyone, _) => true,
            (Principal::Aws(_), None) => false,
            (Principal::Aws(ids), Some(arn)) => ids.iter().any(|id| {
                id == arn
                    || account_of(id).is_some_and(|account| Some(account) == account_of(arn))
                        && (id.len() == 12 || id.ends_with(":root"))
            }),
        }
    }
}

/// `execute-api:/stage/GET/x` → `arn:...:execute-api:{region}:{account}:{apiId}/stage/GET/x`,
/// taking the API's ARN from the method's.
fn expand(resource: &str, method_arn: &str) -> String {
    match resource.strip_prefix(SHORT_RESOURCE_PREFIX) {
        Some(path) if path.starts_with('/') => {
            let api_arn = method_arn
                .split_once('/')
                .map_or(method_arn, |(api, _)| api);
            format!("{api_arn}{path}")
        }
        _ => resource.to_owned(),
    }
}

/// The account of an ARN (`arn:aws:iam::123456789012:...`) or a bare account id.
fn account_of(id: &str) -> Option<&str> {
    if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
        return Some(id);
    }
    id.split(':').nth(4).filter(|account| !account.is_empty())
}

fn compile_condition(condition: &Condition) -> Result<PolicyCondition, String> {
    let key = condition.key.as_str();
    match condition.operator.as_str() {
        operator @ ("IpAddress" | "NotIpAddress") if key.eq_ignore_ascii_case(SOURCE_IP_KEY) => {
            let networks = condition
                .values
                .iter()
                .map(|value| parse_network(value))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(PolicyCondition::SourceIp {
                negated: operator == "NotIpAddress",
                networks,
            })
        }
        operator @ ("StringEquals" | "StringNotEquals")
            if SOURCE_VPC_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) =>
        {
            Ok(PolicyCondition::Vpc {
                negated: operator == "StringNotEquals",
            })
        }
        operator => Err(format!(
            "condition {operator} on {key} is not evaluated by gantry; it evaluates IpAddress/NotIpAddress on aws:SourceIp and StringEquals/StringNotEquals on aws:SourceVpc and aws:SourceVpce"
        )),
    }
}

impl PolicyCondition {
    fn holds(&self, source_ip: IpAddr) -> bool {
        match self {
            Self::SourceIp { negated, networks } => {
                networks
                    .iter()
                    .any(|(net, bits)| contains(*net, *bits, source_ip))
                    != *negated
            }
            // A local request never comes through a VPC endpoint.
            Self::Vpc { negated } => *negated,
        }
    }
}

/// `192.0.2.0/24`, `2001:db8::/32` or a bare address.
fn parse_network(value: &str) -> Result<(IpAddr, u8), String> {
    let invalid = || format!("aws:SourceIp value {value:?} is not an IP address or CIDR block");
    let (address, bits) = match value.split_once('/') {
        Some((address, bits)) => (address, Some(bits)),
        None => (value, None),
    };
    let address: IpAddr = address.trim().parse().map_err(|_| invalid())?;
    let max = if address.is_ipv4() { 32 } else { 128 };
    let bits = match bits {
        Some(bits) => bits.trim().parse::<u8>().map_err(|_| invalid())?,
        None => max,
    };
    if bits > max {
        return Err(invalid());
    }
    Ok((address, bits))
}

fn contains(network: IpAddr, bits: u8, address: IpAddr) -> bool {
    let (net, addr, width) = match (network, address) {
        (IpAddr::V4(n), IpAddr::V4(a)) => (u128::from(u32::from(n)), u128::from(u32::from(a)), 32),
        (IpAddr::V6(n), IpAddr::V6(a)) => (u128::from(n), u128::from(a), 128),
        (IpAddr::V4(n), IpAddr::V6(a)) => match a.to_ipv4_mapped() {
            Some(a) => (u128::from(u32::from(n)), u128::from(u32::from(a)), 32),
            None => return false,
        },
        (IpAddr::V6(_), IpAddr::V4(_)) => return false,
    };
    let shift = width - u32::from(bits);
    shift >= 128 || net >> shift == addr >> shift
}
