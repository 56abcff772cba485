//! Running a custom resource's provider (cdk.md §7): put the provider function on the
//! Lambda host (with the variables that make it trust the `ResponseURL`), invoke it with
//! CloudFormation's request, and wait for the PUT of its response.
//!
//! CloudFormation invokes the provider asynchronously and waits only for the PUT; gantry
//! invokes it synchronously so that, once the invocation has ended without a PUT, it
//! stops waiting and says so (cdk.md §7.3).

use std::time::Duration;

use bytes::Bytes;
use cfn_engine::CheckNote;
use cfn_engine::custom_resource::{
    CustomResourceFailure, CustomResourceRequest, CustomResourceResponse,
};
use lambda_host::{InvokeOptions, InvokeOutcome, InvokeResult, LambdaHost, LogOrigin};
use tokio::sync::oneshot;

use super::{ServingChecks, host_note};
use crate::custom_resource::{ResponseBody, ResponseEndpoint};

/// How long gantry still waits for the PUT after the provider's invocation has ended: its
/// HTTPS request may still be in flight when a handler returns without awaiting it.
// Deviation from AWS: CloudFormation waits out ServiceTimeout (an hour by default); and
// the provider runs with NODE_EXTRA_CA_CERTS and SSL_CERT_FILE set (trust in the local
// ResponseURL), which Lambda does not set; `gantry invoke` does not run providers.
const AFTER_RETURN_GRACE: Duration = Duration::from_secs(2);

/// How many of the provider's last log lines a failure shows.
const LOG_LINES_SHOWN: usize = 8;

/// How the exchange ended when no valid response arrived.
enum NoResponse {
    /// The invocation ended and no PUT followed.
    Returned(InvokeOutcome),
    /// Nothing within the timeout.
    TimedOut,
    /// The host could not invoke the function.
    Host(lambda_host::Error),
    /// The PUT's body could not be read.
    Unreadable(String),
}

impl ServingChecks<'_> {
    pub(super) fn invoke_provider(
        &self,
        request: &CustomResourceRequest,
    ) -> Result<CustomResourceResponse, CustomResourceFailure> {
        let (Some(host), Some(endpoint)) = (self.host, self.responses) else {
            return Ok(not_invoked(request));
        };
        let endpoint = self.runtime.block_on(endpoint.get()).map_err(|e| {
            format!("cannot serve the ResponseURL custom resource providers answer on: {e:#}")
        })?;
        let function_name = request.provider.function_name.as_str();
        self.start_provider(host, endpoint, request)?;
        let (response_url, response) = endpoint.expect();
        let payload = Bytes::from(request.event(&response_url).to_string());
        let exchange = self.runtime.block_on(exchange(
            host,
            function_name,
            payload,
            response,
            request.timeout,
        ));
        let body = exchange.map_err(|failure| explain(host, request, &failure))?;
        CustomResourceResponse::parse(&body, request).map_err(|failure| CustomResourceFailure {
            reason: format!(
                "{} (custom resource provider {})",
                failure.reason, request.provider.logical_id
            ),
            ..failure
        })
    }

    /// Deploys the provider to the host once per deployment, with its checked
    /// configuration (or, for a function only the previous deployment has, its mapping)
    /// plus the `ResponseURL`'s trust variables. `gantry up` later deploys the stack's
    /// functions again as checked, which replaces this one harmlessly.
    fn start_provider(
        &self,
        host: &LambdaHost,
        endpoint: &ResponseEndpoint,
        request: &CustomResourceRequest,
    ) -> Result<(), CheckNote> {
        let function = &request.provider;
        let mut started = self.lock_providers();
        if started.contains(&function.function_name) {
            return Ok(());
        }
        let checked = self.lock_configs().get(&function.function_name).cloned();
        let mut config = match checked {
            Some(config) => config,
            None => self.map_function(function)?.config,
        };
        config.environment.extend(endpoint.trust_variables());
        self.runtime
            .block_on(host.deploy(config))
            .map_err(|e| host_note(&e))?;
        started.insert(function.function_name.clone());
        Ok(())
    }
}

/// Without a host (`gantry invoke` resolves the template's values without running its
/// other functions, as SAM CLI's local invoke ignores custom resources), the provider is
/// not invoked: the resource gets an id and no `Data`, so a `Fn::GetAtt` of it fails
/// naming the attribute.
fn not_invoked(request: &CustomResourceRequest) -> CustomResourceResponse {
    CustomResourceResponse {
        physical_resource_id: request
            .physical_resource_id
            .clone()
            .unwrap_or_else(|| format!("{}-not-invoked", request.logical_resource_id)),
        data: std::collections::BTreeMap::new(),
        no_echo: false,
    }
}

/// Invokes the provider and waits for its PUT: the body, or why none came.
async fn exchange(
    host: &LambdaHost,
    function_name: &str,
    payload: Bytes,
    mut response: oneshot::Receiver<ResponseBody>,
    timeout: Duration,
) -> Result<Bytes, NoResponse> {
    let deadline = tokio::time::sleep(timeout);
    tokio::pin!(deadline);
    let invocation = host.invoke(function_name, payload, InvokeOptions::default());
    tokio::pin!(invocation);
    let received = tokio::select! {
        body = &mut response => body,
        outcome = &mut invocation => {
            let outcome = outcome.map_err(NoResponse::Host)?;
            tokio::select! {
                body = &mut response => body,
                () = tokio::time::sleep(AFTER_RETURN_GRACE) => return Err(NoResponse::Returned(outcome)),
                () = &mut deadline => return Err(NoResponse::TimedOut),
            }
        }
        () = &mut deadline => return Err(NoResponse::TimedOut),
    };
    match received {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(reason)) => Err(NoResponse::Unreadable(reason)),
        Err(_) => Err(NoResponse::TimedOut),
    }
}

/// Why the resource fails, with what to do and the provider's last log lines.
fn explain(host: &LambdaHost, request: &CustomResourceRequest, failure: &NoResponse) -> String {
    let provider = &request.provider.logical_id;
    let what = match failure {
        NoResponse::Returned(outcome) => {
            let result = match &outcome.result {
                InvokeResult::Success { .. } => "it returned".to_owned(),
                _ => format!(
                    "it failed: {}",
                    String::from_utf8_lossy(outcome.payload()).trim()
                ),
            };
            format!(
                "the provider {provider} returned without sending a response to ResponseURL ({result}); a provider must PUT its response (cfn-response's send) before it returns"
            )
        }
        NoResponse::TimedOut => format!(
            "the provider {provider} sent no response to ResponseURL within {} seconds (ServiceTimeout; CloudFormation's default is 3600)",
            request.timeout.as_secs()
        ),
        NoResponse::Host(error) => format!("the provider {provider} could not be invoked: {error}"),
        NoResponse::Unreadable(reason) => format!("{reason} (custom resource provider {provider})"),
    };
    let lines: Vec<String> = host
        .recent_logs(&request.provider.function_name)
        .unwrap_or_default()
        .into_iter()
        .filter(|event| event.origin == LogOrigin::Function)
        .map(|event| event.message.trim_end().to_owned())
        .collect();
    let skipped = lines.len().saturating_sub(LOG_LINES_SHOWN);
    let shown: Vec<&str> = lines.iter().skip(skipped).map(String::as_str).collect();
    if shown.is_empty() {
        what
    } else {
        format!("{what}; its last log lines: {}", shown.join(" | "))
    }
}
