//! The command line as typed: clap definitions and nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use gantry::settings::StackArgs;

/// Deploy and serve AWS CloudFormation API Gateway (HTTP and REST API) + Lambda stacks on this machine.
#[derive(Debug, Parser)]
#[command(name = "gantry", version, about, long_about = None)]
pub(crate) struct Args {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check a template: syntax, references, properties, parameters, dependency order.
    Validate(ValidateArgs),
    /// Print the processed template of a SAM template (what CloudFormation shows as the
    /// "Processed" stage), as JSON.
    Transform(TransformArgs),
    /// Invoke one function of a template once, like `sam local invoke`.
    Invoke(InvokeArgs),
    /// Deploy a template and serve its HTTP and REST APIs until Ctrl-C.
    Up(UpArgs),
    /// Print an access token from gantry's built-in issuer.
    Token(TokenArgs),
    /// Print the local AWS credentials that sign requests to AWS_IAM routes.
    Credentials(CredentialsArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct ValidateArgs {
    /// The template (JSON or YAML), or a folder to look in. Default: the first of
    /// .aws-sam/build/template.yaml, template.yaml, template.yml, template.json and
    /// cdk.out/ in the current folder, as SAM CLI looks.
    #[arg(value_name = "TEMPLATE")]
    pub(crate) template: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) stack: StackArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, clap::Args)]
pub(crate) struct TransformArgs {
    /// The template (JSON or YAML), or a folder to look in. Default: the first of
    /// .aws-sam/build/template.yaml, template.yaml, template.yml, template.json and
    /// cdk.out/ in the current folder, as SAM CLI looks.
    #[arg(value_name = "TEMPLATE")]
    pub(crate) template: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) stack: StackArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct InvokeArgs {
    /// The template (JSON or YAML), or a template of a CDK cloud assembly.
    #[arg(value_name = "TEMPLATE")]
    pub(crate) template: PathBuf,
    #[command(flatten)]
    pub(crate) stack: StackArgs,
    /// The function: its logical id or its function name.
    pub(crate) function: String,
    /// The event: a JSON file, or `-` for standard input. Defaults to `{}`.
    #[arg(long, value_name = "FILE|-")]
    pub(crate) event: Option<String>,
    /// Environment variable values in SAM CLI's format, e.g.
    /// {"FunctionLogicalId": {"VAR": "v"}, "Parameters": {"VAR": "v"}}.
    #[arg(long = "env-vars", value_name = "FILE")]
    pub(crate) env_vars: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct UpArgs {
    /// The template (JSON or YAML), a CDK cloud assembly (`cdk.out`, after `cdk synth`:
    /// its stacks are deployed in dependency order and served together), or a folder to
    /// look in. Default: the first of .aws-sam/build/template.yaml, template.yaml,
    /// template.yml, template.json and cdk.out/ in the current folder, as SAM CLI looks.
    #[arg(value_name = "TEMPLATE")]
    pub(crate) template: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) stack: StackArgs,
    /// The stacks of a CDK cloud assembly to deploy, by stack name, artifact id or path
    /// with the CDK CLI's patterns (`Dev/*`); the stacks they depend on are added.
    /// Default: every top-level stack.
    #[arg(long = "stack", value_name = "NAME", num_args = 1..)]
    pub(crate) stacks: Vec<String>,
    /// Deploy only the stacks chosen with --stack, not the stacks they depend on (as
    /// `cdk deploy --exclusively`).
    #[arg(long)]
    pub(crate) exclusively: bool,
    /// Port to serve on (0 picks a free one).
    #[arg(long, default_value_t = 3000)]
    pub(crate) port: u16,
    /// Address to serve on.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) host: String,
    /// Where state (stacks, resources, the issuer key) is kept.
    #[arg(long = "state-dir", default_value = ".gantry")]
    pub(crate) state_dir: PathBuf,
    /// Deploy resource types gantry cannot run as inert placeholders instead of stopping.
    #[arg(long = "allow-unsupported")]
    pub(crate) allow_unsupported: bool,
    /// What the console shows per request: gantry's line (with the reason for every
    /// refusal), the line in the stage's own AccessLogSettings Format (stages that have
    /// one), or both. Stage lines are also written to <state-dir>/logs/<log group>.log.
    #[arg(long = "access-log", value_enum, default_value_t = ConsoleAccessLog::Both)]
    pub(crate) access_log: ConsoleAccessLog,
    /// Most execution environments (processes) per function when the template sets no
    /// ReservedConcurrentExecutions; requests beyond wait in a queue. Default: twice the
    /// number of CPU cores.
    #[arg(long = "max-environments", value_name = "N")]
    pub(crate) max_environments: Option<std::num::NonZeroUsize>,
    /// Environment variable values in SAM CLI's format, e.g.
    /// {"FunctionLogicalId": {"VAR": "v"}, "Parameters": {"VAR": "v"}}; a value replaces
    /// a variable the function declares.
    #[arg(long = "env-vars", value_name = "FILE")]
    pub(crate) env_vars: Option<PathBuf>,
    /// Do not watch the template, the files it references and the functions' code for
    /// changes (by default a change is deployed while serving).
    #[arg(long = "no-watch")]
    pub(crate) no_watch: bool,
    /// How many requests the request inspector (`/_gantry/`) keeps; 0 turns it off.
    #[arg(long = "inspector-history", value_name = "N", default_value_t = 1000)]
    pub(crate) inspector_history: usize,
    /// Serve gantry's own endpoints (the request inspector, the built-in issuer's token
    /// endpoint) to clients other than this machine's loopback too.
    #[arg(long = "expose-gantry-endpoints")]
    pub(crate) expose_gantry_endpoints: bool,
    /// Tests only: how long a client may take to send a request head, and how long an
    /// idle keep-alive connection is kept (`server::limits`).
    #[arg(long = "header-read-timeout-ms", hide = true, value_name = "MS")]
    pub(crate) header_read_timeout_ms: Option<u64>,
    /// Tests only: how long a client may take to send a request body.
    #[arg(long = "body-read-timeout-ms", hide = true, value_name = "MS")]
    pub(crate) body_read_timeout_ms: Option<u64>,
    /// Tests only: how many bytes of request bodies are held at once.
    #[arg(long = "body-budget-bytes", hide = true, value_name = "BYTES")]
    pub(crate) body_budget_bytes: Option<usize>,
    /// Tests only: how many connections are served at once.
    #[arg(long = "max-connections", hide = true, value_name = "N")]
    pub(crate) max_connections: Option<usize>,
}

/// Which access-log lines `up` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ConsoleAccessLog {
    /// gantry's own line for every request.
    Gantry,
    /// The stage's `Format` line; gantry's line only for refusals.
    Stage,
    /// Both.
    Both,
}

#[derive(Debug, clap::Args)]
pub(crate) struct TokenArgs {
    /// The `aud` claim; defaults to the audience of the deployed JWT authorizer that
    /// trusts the built-in issuer.
    #[arg(long)]
    pub(crate) audience: Option<String>,
    /// Space-separated scopes for the `scope` claim, e.g. "read:test write:test".
    #[arg(long)]
    pub(crate) scope: Option<String>,
    /// Lifetime in seconds (negative for an already expired token).
    #[arg(
        long = "expires-in",
        allow_hyphen_values = true,
        default_value_t = 3600
    )]
    pub(crate) expires_in: i64,
    /// Extra claims; VALUE is parsed as JSON when it is JSON, else taken as a string.
    #[arg(long = "claim", value_name = "KEY=VALUE")]
    pub(crate) claims: Vec<String>,
    /// Mint a token shaped like a Cognito user pool's, for REST APIs' COGNITO_USER_POOLS
    /// authorizers: `id` (methods without scopes) or `access` (methods with scopes; pass
    /// --scope).
    #[arg(long, value_enum)]
    pub(crate) cognito: Option<CognitoTokenUse>,
    /// The app client of a Cognito token (`aud` of ID tokens, `client_id` of access
    /// tokens); defaults to the deployed AWS::Cognito::UserPoolClient when there is one.
    #[arg(long = "client-id", requires = "cognito")]
    pub(crate) client_id: Option<String>,
    /// `cognito:username` (and `username`) of a Cognito token.
    #[arg(long, default_value = "gantry-user", requires = "cognito")]
    pub(crate) username: String,
    /// The state directory of the `gantry up` whose issuer should sign.
    #[arg(long = "state-dir", default_value = ".gantry")]
    pub(crate) state_dir: PathBuf,
}

/// `token_use` of a Cognito-shaped token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CognitoTokenUse {
    /// An ID token (`token_use: id`, `aud` = the app client).
    Id,
    /// An access token (`token_use: access`, `client_id`, `scope`).
    Access,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CredentialsArgs {
    /// The state directory of the `gantry up` that checks the signatures.
    #[arg(long = "state-dir", default_value = ".gantry")]
    pub(crate) state_dir: PathBuf,
    /// `env` (shell exports), `json` (AWS `credential_process` output) or `aws-config`
    /// (a profile for ~/.aws/config).
    #[arg(long, value_enum, default_value_t = CredentialsFormat::Env)]
    pub(crate) format: CredentialsFormat,
    /// Temporary credentials of a role of a deployed stack (logical id or RoleName),
    /// whose policies decide which routes it may call; default: the account's default
    /// identity, user/gantry, which may call every route.
    #[arg(long, value_name = "LOGICAL_ID|ROLE_NAME")]
    pub(crate) role: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CredentialsFormat {
    Env,
    Json,
    AwsConfig,
}
