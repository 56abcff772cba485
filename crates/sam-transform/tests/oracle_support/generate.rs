//! Random SAM templates for the oracle: a proptest strategy for the shape of a template
//! (Globals, explicit HTTP and REST APIs with their auth, CORS, stages and tags, functions
//! with HttpApi and Api events, conditions, aliases, policies, layers), rendered to JSON by
//! [`render`]. The shape keeps references consistent (events name APIs and authorizers
//! that exist) so most templates are valid; the rest exercise the same errors on both sides.

mod render;

use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

pub use render::render;

/// The seed used when `PROPTEST_RNG_SEED` does not give one (a run is reproducible).
pub const DEFAULT_SEED: u64 = 0x5a11_0e0c_1e12;

/// `count` templates, named `case-000`..., from `seed`.
pub fn templates(count: usize, seed: u64) -> Vec<(String, Value)> {
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_mut(8) {
        chunk.copy_from_slice(&seed.to_le_bytes());
    }
    let config = Config {
        cases: u32::try_from(count).unwrap_or(u32::MAX),
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let strategy = template();
    (0..count)
        .map(|index| {
            let tree = strategy
                .new_tree(&mut runner)
                .unwrap_or_else(|reason| panic!("generating a template: {reason}"));
            (format!("case-{index:03}"), render(&tree.current()))
        })
        .collect()
}

/// The shape of one template.
#[derive(Clone, Debug)]
pub struct TemplateShape {
    pub globals: GlobalsShape,
    pub http_apis: Vec<HttpApiShape>,
    pub rest_apis: Vec<RestApiShape>,
    pub functions: Vec<FunctionShape>,
    pub layer: bool,
}

/// `Globals`: each section present or not.
#[derive(Clone, Debug)]
pub struct GlobalsShape {
    pub function: Option<FunctionGlobals>,
    pub http_api: Option<HttpApiGlobals>,
    pub api: Option<ApiGlobals>,
}

#[derive(Clone, Debug)]
pub struct FunctionGlobals {
    pub runtime: bool,
    pub timeout: Option<u32>,
    pub memory: Option<u32>,
    pub environment: bool,
    pub tags: bool,
    pub alias: bool,
    pub layers: bool,
}

#[derive(Clone, Debug)]
pub struct HttpApiGlobals {
    /// 0 none, 1 `true`, 2 a configuration.
    pub cors: u8,
    pub stage_variables: bool,
    pub tags: bool,
    /// A JWT authorizer (`GlobalJwt`) every HTTP API gets, as the default.
    pub jwt: bool,
}

#[derive(Clone, Debug)]
pub struct ApiGlobals {
    /// 0 none, 1 an origin string, 2 a configuration.
    pub cors: u8,
    pub variables: bool,
}

/// An explicit `AWS::Serverless::HttpApi`.
#[derive(Clone, Debug)]
pub struct HttpApiShape {
    pub stage: Option<&'static str>,
    pub stage_variables: bool,
    pub tags: bool,
    pub cors: u8,
    pub jwt: bool,
    pub lambda: bool,
    pub iam: bool,
    /// Which authorizer is the default (0: none), modulo the authorizers defined.
    pub default: u8,
}

/// An explicit `AWS::Serverless::Api`.
#[derive(Clone, Debug)]
pub struct RestApiShape {
    pub stage: &'static str,
    pub variables: bool,
    pub tags: bool,
    pub cors: u8,
    pub token: bool,
    pub request: bool,
    pub cognito: bool,
    pub default: u8,
}

/// An `AWS::Serverless::Function`.
#[derive(Clone, Debug)]
pub struct FunctionShape {
    pub inline: bool,
    pub runtime: bool,
    pub condition: bool,
    pub alias: bool,
    pub policies: Vec<u8>,
    pub layers: bool,
    pub tags: bool,
    pub memory: Option<u32>,
    pub events: Vec<EventShape>,
}

/// An `HttpApi` or `Api` event.
#[derive(Clone, Debug)]
pub struct EventShape {
    pub http: bool,
    /// Empty: no `Path` and `Method` (an HTTP API's `$default` route).
    pub path: &'static str,
    pub method: &'static str,
    /// 0: the implicit API; else an explicit one, modulo their number.
    pub api: u8,
    /// 0: no `Auth`; 1: `NONE`; more: an authorizer of the API, modulo their number.
    pub auth: u8,
    pub scopes: bool,
}

const PATHS: &[&str] = &[
    "/",
    "/items",
    "/items/{id}",
    "/users/{userId}/orders/{orderId}",
    "/{proxy+}",
    "/hello",
    "",
];
const METHODS: &[&str] = &["get", "GET", "post", "put", "delete", "ANY", "any", "patch"];

fn template() -> impl Strategy<Value = TemplateShape> {
    (
        globals(),
        prop::collection::vec(http_api(), 0..=2),
        prop::collection::vec(rest_api(), 0..=2),
        prop::collection::vec(function(), 1..=4),
        any::<bool>(),
    )
        .prop_map(
            |(globals, http_apis, rest_apis, functions, layer)| TemplateShape {
                globals,
                http_apis,
                rest_apis,
                functions,
                layer,
            },
        )
}

fn globals() -> impl Strategy<Value = GlobalsShape> {
    let function = (
        any::<bool>(),
        prop::option::of(select(vec![3u32, 10, 30])),
        prop::option::of(select(vec![128u32, 512])),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(runtime, timeout, memory, environment, tags, alias, layers)| FunctionGlobals {
                runtime,
                timeout,
                memory,
                environment,
                tags,
                alias,
                layers,
            },
        );
    let http_api = (0u8..3, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(cors, stage_variables, tags, jwt)| HttpApiGlobals {
            cors,
            stage_variables,
            tags,
            jwt,
        },
    );
    let api = (0u8..3, any::<bool>()).prop_map(|(cors, variables)| ApiGlobals { cors, variables });
    (
        prop::option::of(function),
        prop::option::of(http_api),
        prop::option::of(api),
    )
        .prop_map(|(function, http_api, api)| GlobalsShape {
            function,
            http_api,
            api,
        })
}

fn http_api() -> impl Strategy<Value = HttpApiShape> {
    (
        prop::option::of(select(vec!["prod", "$default", "v1"])),
        any::<bool>(),
        any::<bool>(),
        0u8..3,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0u8..4,
    )
        .prop_map(
            |(stage, stage_variables, tags, cors, jwt, lambda, iam, default)| HttpApiShape {
                stage,
                stage_variables,
                tags,
                cors,
                jwt,
                lambda,
                iam,
                default,
            },
        )
}

fn rest_api() -> impl Strategy<Value = RestApiShape> {
    (
        select(vec!["prod", "dev", "v1"]),
        any::<bool>(),
        any::<bool>(),
        0u8..3,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0u8..4,
    )
        .prop_map(
            |(stage, variables, tags, cors, token, request, cognito, default)| RestApiShape {
                stage,
                variables,
                tags,
                cors,
                token,
                request,
                cognito,
                default,
            },
        )
}

fn function() -> impl Strategy<Value = FunctionShape> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.25),
        prop::bool::weighted(0.3),
        prop::collection::vec(0u8..6, 0..3),
        prop::bool::weighted(0.3),
        any::<bool>(),
        prop::option::of(select(vec![256u32, 1024])),
        prop::collection::vec(event(), 0..=4),
    )
        .prop_map(
            |(inline, runtime, condition, alias, policies, layers, tags, memory, events)| {
                FunctionShape {
                    inline,
                    runtime,
                    condition,
                    alias,
                    policies,
                    layers,
                    tags,
                    memory,
                    events,
                }
            },
        )
}

fn event() -> impl Strategy<Value = EventShape> {
    (
        any::<bool>(),
        select(PATHS),
        select(METHODS),
        0u8..3,
        0u8..5,
        any::<bool>(),
    )
        .prop_map(|(http, path, method, api, auth, scopes)| EventShape {
            http,
            path,
            method,
            api,
            auth,
            scopes,
        })
}
