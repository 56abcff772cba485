//! AWS's enumerated values (`AWS_PROXY`, `2.0`, `JWT`, ...) as Rust enums whose AWS
//! spelling is written once, in the enum's definition.

/// A value that is not one of an enum's AWS spellings. Its message lists what is allowed,
/// so a provider can hand it on as the reason a property is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be {}, found {found:?}", one_of(.allowed))]
pub struct UnknownValue {
    /// The value as given.
    pub found: String,
    /// Every value AWS accepts, as AWS spells them.
    pub allowed: &'static [&'static str],
}

fn one_of(allowed: &[&str]) -> String {
    match allowed {
        [] => "empty".to_owned(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Defines an enum of AWS values: each variant with the string AWS uses for it. The
/// enum gets `ALL`, `as_str`, `Display`, `FromStr` (failing with [`UnknownValue`]) and
/// serde as that string, so the spelling exists in exactly one place.
macro_rules! aws_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )+
        }

        impl $name {
            /// Every value, as AWS spells them.
            pub const ALL_NAMES: &'static [&'static str] = &[$($text),+];

            /// The value as AWS spells it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::model::UnknownValue;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value {
                    $( $text => Ok(Self::$variant), )+
                    _ => Err($crate::model::UnknownValue {
                        found: value.to_owned(),
                        allowed: Self::ALL_NAMES,
                    }),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use aws_enum;

#[cfg(test)]
mod tests {
    use crate::model::{AuthorizationType, IntegrationType, PayloadFormatVersion};

    #[test]
    fn values_round_trip_through_their_aws_spelling() {
        for name in IntegrationType::ALL_NAMES {
            let value: IntegrationType = name.parse().unwrap();
            assert_eq!(value.as_str(), *name);
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(
                serde_json::from_str::<IntegrationType>(&json).unwrap(),
                value
            );
        }
        assert_eq!(PayloadFormatVersion::V2_0.to_string(), "2.0");
        assert_eq!("AWS_IAM".parse(), Ok(AuthorizationType::AwsIam));
    }

    #[test]
    fn an_unknown_value_lists_the_allowed_ones() {
        let err = "3.0".parse::<PayloadFormatVersion>().unwrap_err();
        assert_eq!(err.to_string(), r#"must be 1.0 or 2.0, found "3.0""#);
        let err = "jwt".parse::<AuthorizationType>().unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"must be NONE, JWT, CUSTOM or AWS_IAM, found "jwt""#
        );
        let err = serde_json::from_str::<IntegrationType>("\"LAMBDA\"").unwrap_err();
        assert!(err.to_string().contains("AWS_PROXY"), "{err}");
    }
}
