//! Deploy warnings, each pointing at the template line it is about.

use std::path::PathBuf;

use cfn_template::model::Resource;
use cfn_template::value::{Field, ValueKind};

use crate::provider::ProviderWarning;

/// Something the user should know about a deployment: a template diagnostic, a property
/// gantry does not honour, a way a resource differs from AWS's. Shown as
/// `line 12: MyApi: Properties.CorsConfiguration: ...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployWarning {
    /// The template file it is about when that is not the deployed template: a nested
    /// stack's template (cdk.md §3.1).
    pub file: Option<PathBuf>,
    /// The 1-based template line it is about, when known.
    pub line: Option<u32>,
    /// The resource it is about, if any.
    pub logical_id: Option<String>,
    /// What differs, and what to do (starting with the property path when there is one).
    pub message: String,
}

impl DeployWarning {
    /// A provider's warning about `resource`, with the line of the property it names (the
    /// deepest key of its path that the template spells out), else the resource's line.
    pub(crate) fn from_provider(resource: &Resource, warning: &ProviderWarning) -> Self {
        let line = warning
            .property
            .as_deref()
            .and_then(|path| property_line(resource, path))
            .unwrap_or(resource.position.line);
        Self {
            file: None,
            line: Some(line),
            logical_id: Some(resource.logical_id.clone()),
            message: warning.to_string(),
        }
    }
}

impl std::fmt::Display for DeployWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        if let Some(logical_id) = &self.logical_id {
            write!(f, "{logical_id}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// The line of `Properties.<path>` (`A.B.C`), following the keys the template spells out.
pub(super) fn property_line(resource: &Resource, path: &str) -> Option<u32> {
    let mut segments = path.split('.');
    let mut field: &Field = resource.properties.get(segments.next()?)?;
    for segment in segments {
        match &field.value.kind {
            ValueKind::Map(fields) => match fields.get(segment) {
                Some(next) => field = next,
                None => break,
            },
            _ => break,
        }
    }
    Some(field.key_position.line)
}

#[cfg(test)]
mod tests {
    use cfn_template::model::Template;

    use super::*;

    const TEMPLATE: &str = "\
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: api
      CorsConfiguration:
        AllowOrigins:
          - https://example.com
";

    fn api() -> Resource {
        let (template, diagnostics) = Template::parse(TEMPLATE);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        template.unwrap().resources["Api"].clone()
    }

    #[test]
    fn a_property_warning_points_at_the_deepest_key_the_template_spells_out() {
        let api = api();
        let at = |property: &str| {
            DeployWarning::from_provider(&api, &ProviderWarning::property(property, "m")).line
        };
        assert_eq!(at("CorsConfiguration"), Some(6));
        assert_eq!(at("CorsConfiguration.AllowOrigins"), Some(7));
        // A key the template does not have: the closest one it does.
        assert_eq!(at("CorsConfiguration.MaxAge"), Some(6));
        assert_eq!(at("Body"), Some(2));
    }

    #[test]
    fn a_warning_reads_line_resource_property_message() {
        let warning = DeployWarning::from_provider(
            &api(),
            &ProviderWarning::property("CorsConfiguration", "not applied"),
        );
        assert_eq!(
            warning.to_string(),
            "line 6: Api: Properties.CorsConfiguration: not applied"
        );
    }
}
