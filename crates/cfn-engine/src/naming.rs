//! Physical ids and names shaped like the ones AWS generates.
//!
//! Users recognise resources by these shapes (a 10-character API id, a function called
//! `stack-Logical-AbC123...`), and code that parses them keeps working locally.

use std::sync::Mutex;

const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const MIXED_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// Where new ids come from: random in production, seeded in tests so plans are
/// reproducible.
#[derive(Debug)]
pub struct IdSource {
    rng: Mutex<fastrand::Rng>,
}

impl IdSource {
    /// Ids from the operating system's entropy.
    pub fn random() -> Self {
        Self {
            rng: Mutex::new(fastrand::Rng::new()),
        }
    }

    /// A reproducible sequence of ids.
    pub fn seeded(seed: u64) -> Self {
        Self {
            rng: Mutex::new(fastrand::Rng::with_seed(seed)),
        }
    }

    fn chars(&self, alphabet: &[u8], len: usize) -> String {
        let mut rng = self
            .rng
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (0..len)
            .map(|_| char::from(alphabet[rng.usize(..alphabet.len())]))
            .collect()
    }

    /// The unique part of a stack ARN, shaped like CloudFormation's (a UUID).
    pub fn stack_uuid(&self) -> String {
        let hex = self.chars(b"0123456789abcdef", 32);
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }

    /// An HTTP API id: 10 lowercase letters and digits.
    pub fn api_id(&self) -> String {
        self.chars(LOWER_ALNUM, 10)
    }

    /// A route or integration id: 7 lowercase letters and digits.
    pub fn route_id(&self) -> String {
        self.chars(LOWER_ALNUM, 7)
    }

    /// An authorizer or deployment id: 6 lowercase letters and digits.
    pub fn short_id(&self) -> String {
        self.chars(LOWER_ALNUM, 6)
    }

    /// The id in a function URL's host name: 32 lowercase letters and digits.
    pub fn url_id(&self) -> String {
        self.chars(LOWER_ALNUM, 32)
    }

    /// An API key's value, as API Gateway generates it: 40 letters and digits.
    pub fn api_key_value(&self) -> String {
        self.chars(MIXED_ALNUM, 40)
    }

    /// The unique part of a Cognito user pool id (`{region}_` + this): 9 letters and digits.
    pub fn user_pool_suffix(&self) -> String {
        self.chars(MIXED_ALNUM, 9)
    }

    /// A Cognito app client id: 26 lowercase letters and digits.
    pub fn user_pool_client_id(&self) -> String {
        self.chars(LOWER_ALNUM, 26)
    }

    /// The host of a CloudFront distribution (an edge custom domain's
    /// `DistributionDomainName`): `d` and 13 lowercase letters and digits.
    pub fn distribution_host(&self) -> String {
        format!("d{}.cloudfront.net", self.chars(LOWER_ALNUM, 13))
    }

    /// An IAM role id: `AROA` and 17 uppercase letters and digits.
    pub fn role_id(&self) -> String {
        format!("AROA{}", self.chars(UPPER_ALNUM, 17))
    }

    /// A nested stack's name: `{parent}-{logicalId}-{13 upper-case letters and digits}`
    /// (cdk.md §3.2), the first two parts shortened to CloudFormation's 128-character
    /// limit on stack names.
    // Unconfirmed: how CloudFormation shortens a long parent name or logical id.
    pub fn nested_stack_name(&self, parent: &str, logical_id: &str) -> String {
        const MAX_STACK_NAME: usize = 128;
        let suffix = self.chars(UPPER_ALNUM, 13);
        let room = MAX_STACK_NAME - suffix.len() - 2;
        let parent_part: String = parent.chars().take(room / 2).collect();
        let logical_part: String = logical_id.chars().take(room - parent_part.len()).collect();
        format!("{parent_part}-{logical_part}-{suffix}")
    }

    /// An `AWS::SSM::Parameter`'s name when the template gives none:
    /// `CFN-{logicalId}-{12 upper-case letters and digits}`, at most 40 characters
    /// (cdk.md §5.2).
    // Unconfirmed: the suffix's alphabet and how a long logical id is shortened.
    pub fn ssm_parameter_name(&self, logical_id: &str) -> String {
        const MAX_LEN: usize = 40;
        let suffix = self.chars(UPPER_ALNUM, 12);
        let room = MAX_LEN - suffix.len() - "CFN--".len();
        let logical_part: String = logical_id.chars().take(room).collect();
        format!("CFN-{logical_part}-{suffix}")
    }

    /// A name CloudFormation makes up for a resource without an explicit one:
    /// `{stack}-{logicalId}-{random}`, the first two parts shortened to fit `max_len`.
    pub fn physical_name(&self, stack_name: &str, logical_id: &str, max_len: usize) -> String {
        let suffix = self.chars(MIXED_ALNUM, 12);
        let room = max_len.saturating_sub(suffix.len() + 2);
        // CloudFormation gives the stack name and the logical id a share each; keep the
        // stack name whole when it fits, as it is what users search for.
        let stack_part: String = stack_name
            .chars()
            .take(room.saturating_sub(1).min(room / 2 + room % 2))
            .collect();
        let logical_part: String = logical_id.chars().take(room - stack_part.len()).collect();
        format!("{stack_part}-{logical_part}-{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_aws_shapes() {
        let ids = IdSource::seeded(1);
        let api_id = ids.api_id();
        assert_eq!(api_id.len(), 10);
        assert!(api_id.bytes().all(|b| LOWER_ALNUM.contains(&b)));
        assert_eq!(ids.route_id().len(), 7);
        assert_eq!(ids.short_id().len(), 6);
        let key = ids.api_key_value();
        assert!(key.len() == 40 && key.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(ids.user_pool_suffix().len(), 9);
        let client = ids.user_pool_client_id();
        assert!(client.len() == 26 && client.bytes().all(|b| LOWER_ALNUM.contains(&b)));
        assert_eq!(ids.distribution_host().len(), "d.cloudfront.net".len() + 13);
        let role_id = ids.role_id();
        assert!(
            role_id.starts_with("AROA") && role_id.len() == 21,
            "{role_id}"
        );
    }

    #[test]
    fn physical_names_fit_the_limit_and_keep_both_parts() {
        let ids = IdSource::seeded(2);
        let short = ids.physical_name("seed", "TestFunction", 64);
        assert!(short.starts_with("seed-TestFunction-"), "{short}");
        let long = ids.physical_name(&"s".repeat(100), &"L".repeat(100), 64);
        assert_eq!(long.len(), 64, "{long}");
        assert!(long.contains("-s") || long.starts_with('s'));
        assert!(long.contains("L-"), "{long}");
    }

    #[test]
    fn nested_stack_names_are_parent_logical_id_and_13_upper_case_characters() {
        let ids = IdSource::seeded(3);
        let name = ids.nested_stack_name("app", "Child");
        let suffix = name.strip_prefix("app-Child-").unwrap_or_default();
        assert_eq!(suffix.len(), 13, "{name}");
        assert!(suffix.bytes().all(|b| UPPER_ALNUM.contains(&b)), "{name}");
        let long = ids.nested_stack_name(&"p".repeat(200), &"L".repeat(200));
        assert_eq!(long.len(), 128, "{long}");
    }

    #[test]
    fn seeded_sources_repeat_and_random_ones_differ() {
        assert_eq!(IdSource::seeded(7).api_id(), IdSource::seeded(7).api_id());
        assert_ne!(IdSource::random().api_id(), IdSource::random().api_id());
    }
}
