use std::borrow::Cow;

use super::*;

/// Values for a few variables; everything else has none.
struct Values;

impl ContextValues for Values {
    fn value(&self, variable: &ContextVariable) -> Option<Cow<'_, str>> {
        match variable {
            ContextVariable::RequestId => Some("AbCdEfGhIjKlMnO=".into()),
            ContextVariable::Status => Some("200".into()),
            ContextVariable::HttpMethod => Some("GET".into()),
            ContextVariable::RouteKey => Some("GET /pets".into()),
            ContextVariable::AuthorizerClaim(name) if name == "sub" => Some("user-1".into()),
            ContextVariable::IntegrationErrorMessage => Some("line one\nline two".into()),
            ContextVariable::ErrorMessage => Some(String::new().into()),
            _ => None,
        }
    }
}

#[test]
fn aws_clf_example_renders_known_values_and_dashes() {
    let format = AccessLogFormat::parse(
        r#"$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey $context.protocol" $context.status $context.responseLength $context.requestId"#,
    );
    assert_eq!(
        format.render(&Values),
        r#"- - - [-] "GET GET /pets -" 200 - AbCdEfGhIjKlMnO="#
    );
}

#[test]
fn json_formats_keep_their_punctuation() {
    let format = AccessLogFormat::parse(
        r#"{ "requestId":"$context.requestId", "status":"$context.status" }"#,
    );
    assert_eq!(
        format.render(&Values),
        r#"{ "requestId":"AbCdEfGhIjKlMnO=", "status":"200" }"#
    );
}

#[test]
fn a_trailing_dot_ends_the_sentence_not_the_name() {
    let format = AccessLogFormat::parse("status $context.status.");
    assert_eq!(format.render(&Values), "status 200.");
}

#[test]
fn variables_are_recognised_by_name() {
    assert_eq!(
        ContextVariable::parse("authorizer.claims.sub"),
        ContextVariable::AuthorizerClaim("sub".to_owned())
    );
    assert_eq!(
        ContextVariable::parse("authorizer.userId"),
        ContextVariable::AuthorizerProperty("userId".to_owned())
    );
    assert_eq!(
        ContextVariable::parse("integrationLatency"),
        ContextVariable::IntegrationLatency
    );
    assert_eq!(
        ContextVariable::parse("integration.latency"),
        ContextVariable::IntegrationLatency
    );
    assert_eq!(
        ContextVariable::parse("identity.caller"),
        ContextVariable::Other("identity.caller".to_owned())
    );
}

#[test]
fn claims_render_and_unknown_variables_are_listed() {
    let format = AccessLogFormat::parse(
        "$context.authorizer.claims.sub $context.nonsense $context.requestId",
    );
    assert_eq!(format.render(&Values), "user-1 - AbCdEfGhIjKlMnO=");
    assert_eq!(format.unknown_variables().collect::<Vec<_>>(), ["nonsense"]);
}

#[test]
fn empty_values_are_dashes_and_line_breaks_become_spaces() {
    let format =
        AccessLogFormat::parse("[$context.error.message] $context.integrationErrorMessage");
    assert_eq!(format.render(&Values), "[-] line one line two");
}

#[test]
fn a_bare_prefix_and_plain_dollars_are_text() {
    let format = AccessLogFormat::parse("cost $5 $context. $context.status");
    assert_eq!(format.render(&Values), "cost $5 $context. 200");
}
