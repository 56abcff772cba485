//! Unit tests of REST authorizers against aws-rest-api.md §4: a scripted function stands in for
//! the Lambda authorizer; Cognito tokens are real RS256 tokens checked against a real
//! issuer served on 127.0.0.1.

mod cognito;
mod lambda;
mod request;

use std::collections::VecDeque;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use lambda_host::{Invoke, InvokeFuture, InvokeOptions, InvokeOutcome, InvokeResult, RequestId};
use serde_json::{Value, json};
use store::model::apigateway::{Authorizer, RestAuthorizerType};
use store::model::{Code, Function, Permission};
use time::OffsetDateTime;

use super::*;
use crate::jwt::{IssuerKeys, JwksSettings};
use crate::payload::Forwarded;
use crate::rest::error::ErrorBody;
use crate::rest::{RestIdentity, RestRequest, RestRequestContext};

pub(super) const ACCOUNT: &str = "123456789012";
pub(super) const API_ID: &str = "abc123defg";
pub(super) const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:auth";
pub(super) const GET_PETS_ARN: &str =
    "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/GET/pets/1";
pub(super) const POST_PETS_ARN: &str =
    "arn:aws:execute-api:us-east-1:123456789012:abc123defg/prod/POST/pets";

/// A function answering from a script, recording the events it got.
#[derive(Default)]
pub(super) struct ScriptedFunction {
    results: Mutex<VecDeque<InvokeResult>>,
    pub(super) events: Mutex<Vec<Value>>,
}

impl ScriptedFunction {
    pub(super) fn answering(results: impl IntoIterator<Item = InvokeResult>) -> Self {
        Self {
            results: Mutex::new(results.into_iter().collect()),
            events: Mutex::default(),
        }
    }

    pub(super) fn returning(answers: &[Value]) -> Self {
        Self::answering(answers.iter().map(|answer| InvokeResult::Success {
            payload: Bytes::from(answer.to_string()),
        }))
    }

    pub(super) fn invocations(&self) -> usize {
        self.events.lock().unwrap().len()
    }
}

impl Invoke for ScriptedFunction {
    fn invoke<'a>(
        &'a self,
        _: &'a str,
        payload: Bytes,
        options: InvokeOptions,
    ) -> InvokeFuture<'a> {
        Box::pin(async move {
            self.events
                .lock()
                .unwrap()
                .push(serde_json::from_slice(&payload).unwrap());
            let result = self
                .results
                .lock()
                .unwrap()
                .pop_front()
                .expect("a scripted answer");
            Ok(InvokeOutcome {
                request_id: options.request_id.unwrap_or_else(RequestId::random),
                result,
                duration: Duration::from_millis(1),
                init_duration: None,
            })
        })
    }
}

pub(super) fn function_error(message: &str) -> InvokeResult {
    InvokeResult::FunctionError {
        error_type: "Unhandled".into(),
        payload: Bytes::from(json!({"errorType": "Error", "errorMessage": message}).to_string()),
    }
}

pub(super) fn allow(resource: &str) -> Value {
    json!({
        "principalId": "user-1",
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": resource}
        ]},
        "context": {"tenant": "t1", "count": 123, "admin": true, "none": null},
        "usageIdentifierKey": "key-from-authorizer"
    })
}

pub(super) fn authorizer(kind: RestAuthorizerType, identity: Option<&str>) -> Authorizer {
    Authorizer {
        rest_api_id: API_ID.into(),
        authorizer_id: "auth01".into(),
        name: "MyAuthorizer".into(),
        authorizer_type: kind,
        authorizer_uri: Some(format!(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FUNCTION_ARN}/invocations"
        )),
        authorizer_credentials: None,
        identity_source: identity.map(str::to_owned),
        identity_validation_expression: None,
        authorizer_result_ttl_in_seconds: None,
        provider_arns: Vec::new(),
    }
}

/// Compiles `authorizer`, with or without the function's invoke permission.
pub(super) fn compile_with(
    authorizer: &Authorizer,
    permitted: bool,
    pools: CognitoUserPools<'_>,
    keys: &IssuerKeys,
) -> Arc<RestAuthorizer> {
    let function = Function::zip(
        "Auth",
        "auth",
        FUNCTION_ARN,
        "arn:aws:iam::123456789012:role/r",
        "nodejs22.x",
        Code::Inline {
            zip_file: String::new(),
        },
    );
    let permission = Permission {
        statement_id: "AllowApiGateway".into(),
        function_name: "auth".into(),
        action: "lambda:InvokeFunction".into(),
        principal: "apigateway.amazonaws.com".into(),
        source_arn: Some(format!(
            "arn:aws:execute-api:us-east-1:{ACCOUNT}:{API_ID}/authorizers/*"
        )),
        source_account: None,
        invoked_via_function_url: false,
    };
    let lambda = LambdaResources {
        functions: vec![&function],
        permissions: if permitted {
            vec![&permission]
        } else {
            Vec::new()
        },
        ..LambdaResources::default()
    };
    let api = RestApiFacts {
        partition: arn::Partition::of_region("us-east-1"),
        region: "us-east-1",
        account_id: ACCOUNT,
        rest_api_id: API_ID,
    };
    RestAuthorizer::compile(api, authorizer, &lambda, pools, keys)
}

pub(super) fn compile(authorizer: &Authorizer) -> Arc<RestAuthorizer> {
    let keys = IssuerKeys::new(JwksSettings::default()).unwrap();
    compile_with(authorizer, true, CognitoUserPools::default(), &keys)
}

/// Asserts API Gateway's answer for an authorizer it cannot use: 500 with
/// `{"message": null}`, the explanation saying `says`.
#[track_caller]
pub(super) fn assert_authorizer_500(refused: &RestError, says: &str) {
    assert_eq!(
        (refused.status.as_u16(), &refused.body),
        (500, &ErrorBody::NullMessage)
    );
    assert!(
        refused.explanation.contains(says),
        "{says}: {}",
        refused.explanation
    );
}

/// Runs `authorize` for a request with `headers` and `query` to `method_arn`.
pub(super) async fn authorize(
    authorizer: &RestAuthorizer,
    invoker: &dyn Invoke,
    headers: &[(&'static str, &str)],
    query: &str,
    method_arn: &str,
    scopes: &[String],
    now: Instant,
) -> Result<Authorized, RestError> {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.append(
            HeaderName::from_static(name),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    let stage_variables = vec![("tier".to_owned(), "gold".to_owned())];
    let context = RestRequestContext {
        account_id: ACCOUNT,
        api_id: API_ID,
        domain_name: "abc123defg.execute-api.us-east-1.amazonaws.com",
        stage: "prod",
        deployment_id: "dep1",
        resource_id: "res1",
        resource_path: "/pets/{id}",
        operation_name: None,
        path_parameters: &[],
        stage_variables: &stage_variables,
        request_id: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
        extended_request_id: "ATfSmjLgPHcESJw=",
        trace_id: "Root=1-5759e988-bd862e3fe1be46a994272793",
        time: OffsetDateTime::UNIX_EPOCH,
        identity: RestIdentity::default(),
        authorizer: None,
        forwarded: Forwarded {
            proto: "http",
            port: 3000,
        },
    };
    let input = AuthorizeInput {
        request: RestRequest {
            method: &Method::GET,
            path: "/pets/1",
            stage_path: "/prod/pets/1",
            raw_query: query,
            headers: &map,
            body: b"",
            source_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        },
        context: &context,
        method_arn,
        scopes,
    };
    authorizer.authorize(&input, invoker, now).await
}
