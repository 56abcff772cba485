//! Kafka event sources: `MSK` (an Amazon MSK cluster's stream) and `SelfManagedKafka`
//! (bootstrap servers and one topic). The role gains what the cluster's authentication,
//! VPC and schema registry need.

use serde_json::{Map, Value, json};

use super::pull::{PullExtras, PullSource, mapping};
use super::{Source, is_truthy};
use crate::error::Cause;
use crate::intrinsics::{is_intrinsic, resolve_parameter_refs};
use crate::template::Template;

/// `SourceAccessConfigurations` types that authenticate a self-managed cluster.
const AUTH_MECHANISMS: &[&str] = &[
    "SASL_SCRAM_256_AUTH",
    "SASL_SCRAM_512_AUTH",
    "BASIC_AUTH",
    "CLIENT_CERTIFICATE_TLS_AUTH",
    "OAUTHBEARER_AUTH",
    "IAM_AUTH",
    "IAM_OAUTHBEARER_AUTH",
];
/// Authentication types without a secret.
const NON_URI_TYPES: &[&str] = &["IAM_AUTH", "IAM_OAUTHBEARER_AUTH"];
/// OAuth metadata entries, each with a URI.
const OAUTH_METADATA_TYPES: &[&str] = &[
    "OAUTHBEARER_SCOPE",
    "OAUTHBEARER_AUDIENCE",
    "OAUTHBEARER_LOGICAL_CLUSTER",
    "OAUTHBEARER_IDENTITY_POOL",
];

/// `MSK`: polls `Stream` from `StartingPosition`.
pub(super) fn msk(
    template: &mut Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    let kind = PullSource {
        event_type: "MSK",
        source_property: Some("Stream"),
        kafka_config: Some("AmazonManagedKafkaEventSourceConfig"),
        needs_starting_position: true,
        managed_policy: Some("service-role/AWSLambdaMSKExecutionRole"),
        own_types: &[],
    };
    mapping(
        template,
        source,
        &kind,
        &Msk {
            parameters: &template.parameters.clone(),
        },
    )
}

/// `SelfManagedKafka`: reads `Topics` from `KafkaBootstrapServers`.
pub(super) fn self_managed(
    template: &mut Template<'_>,
    source: &Source<'_>,
) -> Result<Vec<(String, Value)>, Cause> {
    let kind = PullSource {
        event_type: "SelfManagedKafka",
        source_property: None,
        kafka_config: Some("SelfManagedKafkaEventSourceConfig"),
        needs_starting_position: false,
        managed_policy: None,
        own_types: &[],
    };
    mapping(
        template,
        source,
        &kind,
        &SelfManaged {
            parameters: &template.parameters.clone(),
        },
    )
}

struct Msk<'a> {
    parameters: &'a Map<String, Value>,
}

impl PullExtras for Msk<'_> {
    /// The schema registry's permissions and the client certificate's secret, under
    /// `MSKExecutionRolePolicy`.
    fn role_policies(&self, source: &Source<'_>) -> Result<Vec<Value>, Cause> {
        let mut statements = schema_registry_statements(source, self.parameters)?;
        if let Some(Value::Array(configurations)) = source.get("SourceAccessConfigurations") {
            for configuration in configurations {
                let is_certificate = configuration.get("Type").and_then(Value::as_str)
                    == Some("CLIENT_CERTIFICATE_TLS_AUTH");
                if let Some(uri) = configuration
                    .get("URI")
                    .filter(|uri| is_certificate && is_truthy(Some(uri)))
                {
                    statements.push(secret_statement(uri));
                }
            }
        }
        if statements.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![
            json!({"PolicyName": "MSKExecutionRolePolicy", "PolicyDocument": {"Statement": statements}}),
        ])
    }
}

struct SelfManaged<'a> {
    parameters: &'a Map<String, Value>,
}

impl PullExtras for SelfManaged<'_> {
    /// The authentication secrets, the VPC's network interfaces, the KMS key and the
    /// schema registry, under `SelfManagedKafkaExecutionRolePolicy`.
    fn role_policies(&self, source: &Source<'_>) -> Result<Vec<Value>, Cause> {
        if !is_truthy(source.get("KafkaBootstrapServers")) {
            return Err(source.error(
                "No KafkaBootstrapServers provided for self managed kafka as an event source",
            ));
        }
        match source.get("Topics") {
            Some(Value::Array(topics)) if topics.len() == 1 => {}
            Some(topics) if is_truthy(Some(topics)) => {
                return Err(source.error(
                    "Topics for self managed kafka only supports single configuration entry.",
                ));
            }
            _ => {
                return Err(
                    source.error("No Topics provided for self managed kafka as an event source")
                );
            }
        }
        let Some(configurations) = source
            .get("SourceAccessConfigurations")
            .filter(|c| is_truthy(Some(c)))
        else {
            return Err(source
                .error("No SourceAccessConfigurations for self managed kafka event provided."));
        };
        let access = access(source, configurations)?;
        let mut statements: Vec<Value> = [access.secret, access.root_certificate]
            .into_iter()
            .flatten()
            .map(|uri| secret_statement(&uri))
            .collect();
        if access.vpc {
            statements.push(
                json!({"Action": ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                "ec2:DeleteNetworkInterface", "ec2:DescribeVpcs", "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups"], "Effect": "Allow", "Resource": "*"}),
            );
        }
        if let Some(key) = source
            .get("SecretsManagerKmsKeyId")
            .filter(|key| is_truthy(Some(key)))
        {
            let Some(key) = key.as_str() else {
                return Err(source.error("Property 'SecretsManagerKmsKeyId' should be a string."));
            };
            statements.push(json!({"Action": ["kms:Decrypt"], "Effect": "Allow", "Resource": {"Fn::Sub":
                format!("arn:${{AWS::Partition}}:kms:${{AWS::Region}}:${{AWS::AccountId}}:key/{key}")}}));
        }
        statements.extend(schema_registry_statements(source, self.parameters)?);
        if statements.is_empty() {
            return Ok(Vec::new());
        }
        Ok(vec![
            json!({"PolicyDocument": {"Statement": statements, "Version": "2012-10-17"},
            "PolicyName": "SelfManagedKafkaExecutionRolePolicy"}),
        ])
    }
}

/// What a self-managed cluster's `SourceAccessConfigurations` give the role.
struct Access {
    secret: Option<Value>,
    root_certificate: Option<Value>,
    vpc: bool,
}

fn access(source: &Source<'_>, configurations: &Value) -> Result<Access, Cause> {
    let Value::Array(configurations) = configurations else {
        return Err(source
            .error("SourceAccessConfigurations for self managed kafka event should be a list."));
    };
    let mut access = Access {
        secret: None,
        root_certificate: None,
        vpc: false,
    };
    let (mut subnet, mut security_group, mut authenticated) = (false, false, false);
    for configuration in configurations {
        if !configuration.is_object() {
            return Err(Cause::resource(
                source.event_id,
                "Property 'SourceAccessConfigurations' should be a map.",
            ));
        }
        let kind = configuration
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let uri = configuration.get("URI");
        match kind {
            "VPC_SUBNET" => {
                check_uri(source, uri, kind)?;
                subnet = true;
            }
            "VPC_SECURITY_GROUP" => {
                check_uri(source, uri, kind)?;
                security_group = true;
            }
            _ if AUTH_MECHANISMS.contains(&kind) => {
                if authenticated {
                    return Err(source.error(
                        "Multiple auth mechanism properties specified in SourceAccessConfigurations for self managed kafka event.",
                    ));
                }
                authenticated = true;
                if !NON_URI_TYPES.contains(&kind) {
                    check_uri(source, uri, "auth mechanism")?;
                    access.secret = uri.cloned();
                }
            }
            "SERVER_ROOT_CA_CERTIFICATE" => {
                check_uri(source, uri, kind)?;
                access.root_certificate = uri.cloned();
            }
            _ if OAUTH_METADATA_TYPES.contains(&kind) => check_uri(source, uri, kind)?,
            _ => {
                return Err(source.error("Invalid SourceAccessConfigurations Type provided for self managed kafka event."));
            }
        }
    }
    if subnet != security_group {
        return Err(source.error(
            "VPC_SUBNET and VPC_SECURITY_GROUP in SourceAccessConfigurations for SelfManagedKafka must be both provided.",
        ));
    }
    access.vpc = subnet && security_group;
    Ok(access)
}

/// A URI is present and a string or an intrinsic.
fn check_uri(source: &Source<'_>, uri: Option<&Value>, what: &str) -> Result<(), Cause> {
    match uri {
        Some(uri) if is_truthy(Some(uri)) => {
            if uri.is_string() || is_intrinsic(uri) {
                Ok(())
            } else {
                Err(source.error(format!(
                    "Wrong Type for {what} URI property specified in SourceAccessConfigurations for self managed kafka event."
                )))
            }
        }
        _ => Err(source.error(format!(
            "No {what} URI property specified in SourceAccessConfigurations for self managed kafka event."
        ))),
    }
}

fn secret_statement(uri: &Value) -> Value {
    json!({"Action": ["secretsmanager:GetSecretValue"], "Effect": "Allow", "Resource": uri})
}

/// The schema registry's permissions: its access secrets, and for a Glue registry ARN,
/// reading the registry and its schema versions.
fn schema_registry_statements(
    source: &Source<'_>,
    parameters: &Map<String, Value>,
) -> Result<Vec<Value>, Cause> {
    let Some(Value::Object(config)) = source
        .get("SchemaRegistryConfig")
        .filter(|c| is_truthy(Some(c)))
    else {
        return Ok(Vec::new());
    };
    for field in [
        "SchemaRegistryURI",
        "EventRecordFormat",
        "SchemaValidationConfigs",
    ] {
        if !config.contains_key(field) {
            return Err(source.error(format!(
                "Missing required field {field} in SchemaRegistryConfig"
            )));
        }
    }
    if !matches!(
        config.get("EventRecordFormat").and_then(Value::as_str),
        Some("JSON" | "SOURCE")
    ) {
        return Err(source
            .error("EventRecordFormat in SchemaRegistryConfig must be either 'JSON' or 'SOURCE'"));
    }
    if !config
        .get("SchemaValidationConfigs")
        .is_some_and(Value::is_array)
    {
        return Err(source.error("SchemaValidationConfigs must be a list"));
    }
    let access_configs = match config.get("AccessConfigs").filter(|a| is_truthy(Some(a))) {
        None => Vec::new(),
        Some(Value::Array(configs)) => configs.clone(),
        Some(_) => return Err(source.error("AccessConfigs in SchemaRegistryConfig must be a list")),
    };
    let mut statements = Vec::new();
    for access in &access_configs {
        let (Some(_), Some(uri)) = (access.get("Type"), access.get("URI")) else {
            return Err(
                source.error("Each AccessConfig must be a dict with 'Type' and 'URI' fields")
            );
        };
        statements.push(secret_statement(uri));
    }
    let registry_uri = config
        .get("SchemaRegistryURI")
        .cloned()
        .unwrap_or(Value::Null);
    let registry_arn = match &registry_uri {
        Value::String(arn) => Some(arn.clone()),
        Value::Object(_) => resolve_parameter_refs(&registry_uri, parameters)
            .get("Fn::Sub")
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    };
    if let Some(name) = registry_arn.as_deref().and_then(registry_name) {
        statements.push(
            json!({"Action": ["glue:GetRegistry"], "Effect": "Allow", "Resource": registry_uri}),
        );
        statements.push(json!({"Action": ["glue:GetSchemaVersion"], "Effect": "Allow", "Resource": [{"Fn::Sub":
            format!("arn:${{AWS::Partition}}:glue:${{AWS::Region}}:${{AWS::AccountId}}:schema/{name}/*")}]}));
    }
    Ok(statements)
}

/// The registry name of a Glue registry ARN (`arn:...:registry/<name>`).
fn registry_name(arn: &str) -> Option<&str> {
    if !arn.starts_with("arn") {
        return None;
    }
    arn.split(':')
        .nth(5)
        .filter(|_| arn.split(':').count() >= 6)?
        .strip_prefix("registry/")
}
