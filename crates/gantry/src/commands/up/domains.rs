//! The custom domain names `up` serves, each with the command that reaches it locally:
//! gantry routes them by the `Host` header on its one port (aws-http-api.md §7.4).

use apigw::deployment::Deployment;

/// One block per domain name: its mappings and a `curl` line per mapping.
pub(super) fn domains(deployment: &Deployment, local: &str) -> String {
    let mut domains: Vec<_> = deployment.domains().iter().collect();
    domains.sort_by(|a, b| a.domain_name.cmp(&b.domain_name));
    let mut text = String::new();
    for domain in domains {
        text.push_str(&format!(
            "\nDomain {} (routed by the Host header)\n",
            domain.domain_name
        ));
        let mut mappings: Vec<_> = domain.mappings().collect();
        mappings.sort_by(|a, b| a.0.cmp(b.0));
        for (key, mapping) in mappings {
            let path = if key.is_empty() {
                "/".to_owned()
            } else {
                format!("/{key}/")
            };
            text.push_str(&format!(
                "  {path:<16} API {} ({}) stage {}\n    curl -H 'Host: {}' http://{local}{path}...\n",
                mapping.api.name, mapping.api.api_id, mapping.stage, domain.domain_name
            ));
        }
    }
    text
}
