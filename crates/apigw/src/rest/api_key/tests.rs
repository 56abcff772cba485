//! API keys and usage plans: each 403, 429 and the admitted key (aws-rest-api.md §5).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use store::model::apigateway::{
    ApiKey, QuotaPeriod, QuotaSettings, ThrottleSettings, UsagePlan, UsagePlanApiStage,
    UsagePlanKey,
};
use time::macros::datetime;

use super::*;
use crate::rest::GatewayResponseType;
use crate::rest::error::ErrorBody;

fn key(id: &str, value: &str, enabled: bool) -> ApiKey {
    ApiKey {
        api_key_id: id.into(),
        name: format!("{id}-name"),
        value: value.into(),
        enabled,
        stage_keys: Vec::new(),
    }
}

fn plan(
    throttle: Option<(f64, u32)>,
    per_method: Option<(&str, f64, u32)>,
    quota: Option<u32>,
) -> UsagePlan {
    let settings = |(rate, burst): (f64, u32)| ThrottleSettings {
        rate_limit: Some(rate),
        burst_limit: Some(burst),
    };
    UsagePlan {
        usage_plan_id: "plan1".into(),
        name: "Basic".into(),
        api_stages: vec![UsagePlanApiStage {
            api_id: "abc123".into(),
            stage: "prod".into(),
            throttle: per_method
                .map(|(path, rate, burst)| (path.to_owned(), settings((rate, burst))))
                .into_iter()
                .collect::<BTreeMap<_, _>>(),
        }],
        throttle: throttle.map(settings),
        quota: quota.map(|limit| QuotaSettings {
            limit,
            offset: 0,
            period: QuotaPeriod::Day,
        }),
    }
}

fn plans(plan: UsagePlan) -> UsagePlans {
    let keys = [
        key("k1", "good-key-value-123456", true),
        key("k2", "disabled-key-value-1234", false),
        key("k3", "planless-key-value-1234", true),
    ];
    let plan_keys = [
        UsagePlanKey {
            key_id: "k1".into(),
            usage_plan_id: "plan1".into(),
        },
        UsagePlanKey {
            key_id: "k2".into(),
            usage_plan_id: "plan1".into(),
        },
    ];
    UsagePlans::compile(
        &keys.iter().collect::<Vec<_>>(),
        &[&plan],
        &plan_keys.iter().collect::<Vec<_>>(),
    )
}

fn method(stage: &'static str) -> KeyedMethod<'static> {
    KeyedMethod {
        rest_api_id: "abc123",
        stage,
        resource_path: "/pets",
        http_method: "GET",
    }
}

const NOON: time::OffsetDateTime = datetime!(2024-06-18 12:00 UTC);

#[test]
fn api_key_admitted_is_the_key_and_its_id() {
    let plans = plans(plan(None, None, None));
    let admitted = plans
        .admit_at(
            Some("good-key-value-123456"),
            method("prod"),
            Instant::now(),
            NOON,
        )
        .unwrap();
    assert_eq!(
        admitted,
        AdmittedKey {
            value: "good-key-value-123456".into(),
            api_key_id: "k1".into()
        }
    );
}

#[test]
fn api_key_missing_unknown_disabled_or_planless_is_403_forbidden() {
    let plans = plans(plan(None, None, None));
    let now = Instant::now();
    for (sent, stage, why) in [
        (None, "prod", "carries none"),
        (Some(""), "prod", "carries none"),
        (Some("nope"), "prod", "not a deployed key"),
        (Some("disabled-key-value-1234"), "prod", "is disabled"),
        (Some("planless-key-value-1234"), "prod", "in no usage plan"),
        (Some("good-key-value-123456"), "dev", "abc123/dev"),
    ] {
        let refused = plans.admit_at(sent, method(stage), now, NOON).unwrap_err();
        assert_eq!(refused.status.as_u16(), 403);
        assert_eq!(refused.body, ErrorBody::Message("Forbidden".into()));
        assert_eq!(
            refused.response_type,
            Some(GatewayResponseType::InvalidApiKey)
        );
        assert_eq!(refused.error_type, Some("ForbiddenException"));
        assert!(
            refused.explanation.contains(why),
            "{sent:?}: {}",
            refused.explanation
        );
    }
    assert!(
        plans
            .admit_at(None, method("prod"), now, NOON)
            .unwrap_err()
            .explanation
            .contains("gantry up")
    );
}

#[test]
fn api_key_throttle_is_a_token_bucket_per_key() {
    let plans = plans(plan(Some((1.0, 2)), None, None));
    let start = Instant::now();
    let key = Some("good-key-value-123456");
    assert!(plans.admit_at(key, method("prod"), start, NOON).is_ok());
    assert!(plans.admit_at(key, method("prod"), start, NOON).is_ok());
    let refused = plans
        .admit_at(key, method("prod"), start, NOON)
        .unwrap_err();
    assert_eq!(refused.status.as_u16(), 429);
    assert_eq!(refused.body, ErrorBody::Message("Too Many Requests".into()));
    assert_eq!(refused.response_type, Some(GatewayResponseType::Throttled));
    assert!(
        plans
            .admit_at(key, method("prod"), start + Duration::from_secs(1), NOON)
            .is_ok()
    );
}

#[test]
fn api_key_per_method_throttle_overrides_the_plans() {
    let plans = plans(plan(Some((100.0, 100)), Some(("/pets/GET", 1.0, 1)), None));
    let start = Instant::now();
    let key = Some("good-key-value-123456");
    assert!(plans.admit_at(key, method("prod"), start, NOON).is_ok());
    let refused = plans
        .admit_at(key, method("prod"), start, NOON)
        .unwrap_err();
    assert!(
        refused.explanation.contains("for /pets/GET"),
        "{}",
        refused.explanation
    );
    let other = KeyedMethod {
        http_method: "POST",
        ..method("prod")
    };
    assert!(plans.admit_at(key, other, start, NOON).is_ok());
}

#[test]
fn api_key_quota_answers_429_limit_exceeded_until_the_next_period() {
    let plans = plans(plan(None, None, Some(1)));
    let now = Instant::now();
    let key = Some("good-key-value-123456");
    assert!(plans.admit_at(key, method("prod"), now, NOON).is_ok());
    let refused = plans.admit_at(key, method("prod"), now, NOON).unwrap_err();
    assert_eq!(refused.status.as_u16(), 429);
    assert_eq!(refused.body, ErrorBody::Message("Limit Exceeded".into()));
    assert_eq!(
        refused.response_type,
        Some(GatewayResponseType::QuotaExceeded)
    );
    assert!(
        plans
            .admit_at(key, method("prod"), now, datetime!(2024-06-19 00:00 UTC))
            .is_ok()
    );
}

#[test]
fn api_key_printed_keys_list_every_key_with_its_stages() {
    let printed = plans(plan(None, None, None)).printed_keys();
    assert_eq!(printed.len(), 3);
    assert_eq!(printed[0].value, "good-key-value-123456");
    assert_eq!(printed[0].stages, vec!["abc123/prod".to_owned()]);
    assert!(!printed[1].enabled);
    assert!(printed[2].stages.is_empty());
}
