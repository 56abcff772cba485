//! `x-amazon-apigateway-cors` → the API's CORS configuration (§11.4), written in
//! CloudFormation's `CorsConfiguration` shape (PascalCase keys) so that it is read like
//! the property.

use serde_json::{Map, Value};

use super::Importer;
use super::document::{ImportError, NoteKind};

/// The extension's members and their `CorsConfiguration` names.
const MEMBERS: &[(&str, &str)] = &[
    ("allowOrigins", "AllowOrigins"),
    ("allowCredentials", "AllowCredentials"),
    ("exposeHeaders", "ExposeHeaders"),
    ("maxAge", "MaxAge"),
    ("allowMethods", "AllowMethods"),
    ("allowHeaders", "AllowHeaders"),
];

impl Importer<'_> {
    pub(super) fn cors(&mut self) -> Result<Option<Value>, ImportError> {
        let Some(cors) = self.root.object("x-amazon-apigateway-cors")? else {
            return Ok(None);
        };
        let mut configuration = Map::new();
        for (member, value) in cors.map {
            match MEMBERS.iter().find(|(name, _)| name == member) {
                Some((_, property)) => {
                    configuration.insert((*property).to_owned(), value.clone());
                }
                None => self.note(
                    NoteKind::NotHonoured,
                    &cors.child(member),
                    "is not a member of x-amazon-apigateway-cors; it is ignored",
                ),
            }
        }
        // Check the shapes now, so that a bad value is named by its path.
        for (member, _) in MEMBERS {
            match *member {
                "allowCredentials" => {
                    cors.bool(member)?;
                }
                "maxAge" => {
                    cors.u32(member)?;
                }
                _ => {
                    cors.strings(member)?;
                }
            }
        }
        Ok(Some(Value::Object(configuration)))
    }
}
