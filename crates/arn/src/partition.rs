//! Which partition a region is in, decided with AWS's own partition data.

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

/// AWS's partition data, vendored (see `data/PROVENANCE.md`).
const PARTITIONS_JSON: &str = include_str!("../data/partitions.json");

/// A partition: a group of regions with its own ARN prefix and DNS suffix.
#[derive(Debug)]
pub struct Partition {
    id: String,
    dns_suffix: String,
    region_regex: Option<Regex>,
    regions: Vec<String>,
}

/// `aws`, the partition of a region no data names (the SDKs' default too).
static DEFAULT: LazyLock<Partition> = LazyLock::new(|| Partition {
    id: "aws".to_owned(),
    dns_suffix: "amazonaws.com".to_owned(),
    region_regex: None,
    regions: Vec::new(),
});

static PARTITIONS: LazyLock<Vec<Partition>> = LazyLock::new(|| parse(PARTITIONS_JSON));

#[derive(Deserialize)]
struct File {
    partitions: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    id: String,
    outputs: Outputs,
    region_regex: String,
    regions: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Outputs {
    dns_suffix: String,
}

/// The vendored file is checked by this crate's tests; were it unreadable, every region
/// would fall back to `aws`, as an SDK does for a region it does not know.
fn parse(json: &str) -> Vec<Partition> {
    let Ok(file) = serde_json::from_str::<File>(json) else {
        return Vec::new();
    };
    file.partitions
        .into_iter()
        .map(|entry| Partition {
            id: entry.id,
            dns_suffix: entry.outputs.dns_suffix,
            region_regex: ascii_regex(&entry.region_regex),
            regions: entry.regions.keys().cloned().collect(),
        })
        .collect()
}

/// Region names are ASCII: compiled without Unicode classes, `\w` stays `[0-9A-Za-z_]`
/// and the automata stay small (Unicode `\w` costs megabytes of memory).
fn ascii_regex(pattern: &str) -> Option<Regex> {
    RegexBuilder::new(pattern).unicode(false).build().ok()
}

impl Partition {
    /// The partition of `region`: the one that lists it, else the first whose region
    /// pattern matches it, else `aws` (the rules of the SDKs' `aws.partition` function).
    pub fn of_region(region: &str) -> &'static Partition {
        let partitions = PARTITIONS.as_slice();
        partitions
            .iter()
            .find(|p| p.regions.iter().any(|r| r == region))
            .or_else(|| {
                partitions.iter().find(|p| {
                    p.region_regex
                        .as_ref()
                        .is_some_and(|re| re.is_match(region))
                })
            })
            .unwrap_or(&DEFAULT)
    }

    /// The partition whose id is `id` (`aws-cn`), or of the ARN `id` is the second part
    /// of (`arn:aws-cn:...`).
    pub fn by_id(id: &str) -> Option<&'static Partition> {
        let id = match id.strip_prefix("arn:") {
            Some(arn) => arn.split(':').next().unwrap_or_default(),
            None => id,
        };
        PARTITIONS
            .iter()
            .find(|p| p.id == id)
            .or_else(|| (id == DEFAULT.id).then_some(&*DEFAULT))
    }

    /// The partition's id as ARNs and `AWS::Partition` spell it: `aws`, `aws-cn`, ...
    pub fn id(&'static self) -> &'static str {
        &self.id
    }

    /// `AWS::URLSuffix`: `amazonaws.com`, `amazonaws.com.cn`, ...
    pub fn dns_suffix(&self) -> &str {
        &self.dns_suffix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vendored_data_parses_into_every_partition() {
        let ids: Vec<&str> = PARTITIONS.iter().map(|p| p.id.as_str()).collect();
        for id in [
            "aws",
            "aws-cn",
            "aws-us-gov",
            "aws-iso",
            "aws-iso-b",
            "aws-iso-e",
            "aws-iso-f",
            "aws-eusc",
        ] {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
        assert!(PARTITIONS.iter().all(|p| p.region_regex.is_some()));
    }

    #[test]
    fn regions_map_to_their_partition_and_dns_suffix() {
        let cases = [
            ("us-east-1", "aws", "amazonaws.com"),
            ("eu-central-2", "aws", "amazonaws.com"),
            ("cn-northwest-1", "aws-cn", "amazonaws.com.cn"),
            ("us-gov-west-1", "aws-us-gov", "amazonaws.com"),
            ("us-iso-east-1", "aws-iso", "c2s.ic.gov"),
            ("us-isob-east-1", "aws-iso-b", "sc2s.sgov.gov"),
            ("eu-isoe-west-1", "aws-iso-e", "cloud.adc-e.uk"),
            ("us-isof-south-1", "aws-iso-f", "csp.hci.ic.gov"),
            ("eusc-de-east-1", "aws-eusc", "amazonaws.eu"),
            // Not listed yet, matched by the pattern.
            ("ap-southeast-9", "aws", "amazonaws.com"),
            ("cn-south-7", "aws-cn", "amazonaws.com.cn"),
        ];
        for (region, id, suffix) in cases {
            let partition = Partition::of_region(region);
            assert_eq!(
                (partition.id(), partition.dns_suffix()),
                (id, suffix),
                "{region}"
            );
        }
    }

    #[test]
    fn a_partition_is_found_by_its_id_or_an_arn_in_it() {
        assert_eq!(Partition::by_id("aws-cn").map(|p| p.id()), Some("aws-cn"));
        let arn = "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f";
        assert_eq!(Partition::by_id(arn).map(|p| p.id()), Some("aws-us-gov"));
        assert!(Partition::by_id("aws-moon").is_none());
        assert!(Partition::by_id("arn:").is_none());
    }

    #[test]
    fn an_unknown_region_shape_falls_back_to_aws() {
        assert_eq!(Partition::of_region("moon-base-1").id(), "aws");
        assert_eq!(parse("not json").len(), 0);
    }
}
