//! Custom domain names (§7.4): a request whose `Host` is a deployed domain name reaches
//! the API and stage of the API mapping whose `ApiMappingKey` is the longest prefix of its
//! path; the mapping's path is removed before route selection.
//!
//! This module only chooses; what a mapping leads to is the caller's `T`.

use std::collections::HashMap;

/// The domain names being served, each with its API mappings.
#[derive(Debug)]
pub struct DomainTable<T> {
    domains: HashMap<String, MappingTable<T>>,
}

/// The API mappings of one domain name.
#[derive(Debug)]
pub struct MappingTable<T> {
    /// The domain name as deployed.
    pub domain_name: String,
    /// `(ApiMappingKey, T)`, longest key first.
    mappings: Vec<(String, T)>,
}

/// The mapping chosen for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectedMapping<'m, 'p, T> {
    /// The `ApiMappingKey` that matched (empty for the root).
    pub key: &'m str,
    /// What the caller attached to the mapping.
    pub mapping: &'m T,
    /// The path with the mapping's path removed; `/` at least.
    pub route_path: &'p str,
}

impl<T> Default for DomainTable<T> {
    fn default() -> Self {
        Self {
            domains: HashMap::new(),
        }
    }
}

impl<T> DomainTable<T> {
    /// Adds a domain name with its mappings.
    pub fn insert(&mut self, domain_name: &str, mappings: impl IntoIterator<Item = (String, T)>) {
        let mut mappings: Vec<(String, T)> = mappings.into_iter().collect();
        // Longest key first, so the first match is the longest prefix (§7.4).
        mappings.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        self.domains.insert(
            domain_name.to_ascii_lowercase(),
            MappingTable {
                domain_name: domain_name.to_owned(),
                mappings,
            },
        );
    }

    /// The table of the `declared` domain names and of those the `mappings` name, each
    /// name once (compared case-insensitively), with its mappings: `resolve` turns one
    /// into its key and `T` (or refuses it); a second mapping of a domain with a key
    /// already taken is refused with `duplicate`. Serves HTTP API mappings (§7.4) and
    /// REST base path mappings (aws-rest-api.md §1.1) alike.
    pub(crate) fn build<'m, M, E>(
        declared: impl IntoIterator<Item = &'m str>,
        mappings: &'m [M],
        domain_of: impl Fn(&'m M) -> &'m str,
        mut resolve: impl FnMut(&str, &'m M) -> Result<(String, T), E>,
        duplicate: impl Fn(&str, &'m M) -> E,
    ) -> Result<Self, E> {
        let mut names: Vec<&str> = declared
            .into_iter()
            .chain(mappings.iter().map(&domain_of))
            .collect();
        names.sort_by_key(|name| name.to_ascii_lowercase());
        names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        let mut table = Self::default();
        for domain_name in names {
            let mut resolved: Vec<(String, T)> = Vec::new();
            for mapping in mappings
                .iter()
                .filter(|m| domain_of(m).eq_ignore_ascii_case(domain_name))
            {
                let (key, target) = resolve(domain_name, mapping)?;
                if resolved.iter().any(|(other, _)| *other == key) {
                    return Err(duplicate(domain_name, mapping));
                }
                resolved.push((key, target));
            }
            table.insert(domain_name, resolved);
        }
        Ok(table)
    }

    /// The domain a `Host` header names: compared case-insensitively, port ignored.
    pub fn get(&self, host: &str) -> Option<&MappingTable<T>> {
        if self.domains.is_empty() {
            return None;
        }
        let name = host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        });
        self.domains.get(&name.to_ascii_lowercase())
    }

    /// The domains, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &MappingTable<T>> {
        self.domains.values()
    }
}

impl<T> MappingTable<T> {
    /// The mapping for a decoded request path: the longest `ApiMappingKey` that is a
    /// whole-segment prefix of the path, else the empty key; `None` when neither exists.
    // Unconfirmed: keys match whole path segments (`orders` does not take `/ordersx`)
    // and case-sensitively.
    pub fn select<'m, 'p>(&'m self, path: &'p str) -> Option<SelectedMapping<'m, 'p, T>> {
        self.mappings.iter().find_map(|(key, mapping)| {
            let route_path = strip_key(path, key)?;
            Some(SelectedMapping {
                key,
                mapping,
                route_path,
            })
        })
    }

    /// The mapping keys, longest first, for explanations.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.mappings.iter().map(|(key, _)| key.as_str())
    }

    /// The mappings, longest key first.
    pub fn mappings(&self) -> impl Iterator<Item = (&str, &T)> {
        self.mappings.iter().map(|(key, m)| (key.as_str(), m))
    }
}

/// `path` without `/{key}`, when `key` is a whole-segment prefix of it.
fn strip_key<'p>(path: &'p str, key: &str) -> Option<&'p str> {
    if key.is_empty() {
        return Some(if path.is_empty() { "/" } else { path });
    }
    let rest = path.strip_prefix('/')?.strip_prefix(key)?;
    match rest {
        "" => Some("/"),
        rest if rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the AWS guide (§7.4), one API per mapping.
    fn guide_example() -> DomainTable<u8> {
        let mut table = DomainTable::default();
        table.insert(
            "api.example.com",
            [
                (String::new(), 1),
                ("orders".to_owned(), 2),
                ("orders/v1/items".to_owned(), 3),
                ("orders/v2/items".to_owned(), 4),
                ("orders/v2/items/categories".to_owned(), 5),
            ],
        );
        table
    }

    fn selected(path: &str) -> (u8, String) {
        let table = guide_example();
        let domain = table.get("api.example.com").unwrap();
        let selected = domain.select(path).unwrap();
        (*selected.mapping, selected.route_path.to_owned())
    }

    #[test]
    fn mapping_longest_prefix_wins_as_in_the_guide() {
        assert_eq!(selected("/orders"), (2, "/".to_owned()));
        assert_eq!(selected("/orders/v1/items"), (3, "/".to_owned()));
        assert_eq!(selected("/orders/v2/items"), (4, "/".to_owned()));
        assert_eq!(selected("/orders/v1/items/123"), (3, "/123".to_owned()));
        assert_eq!(
            selected("/orders/v2/items/categories/5"),
            (5, "/5".to_owned())
        );
        assert_eq!(selected("/customers"), (1, "/customers".to_owned()));
        assert_eq!(selected("/orders/v3"), (2, "/v3".to_owned()));
    }

    #[test]
    fn mapping_keys_match_whole_segments() {
        assert_eq!(selected("/ordersx"), (1, "/ordersx".to_owned()));
    }

    #[test]
    fn mapping_without_a_root_mapping_leaves_other_paths_unmapped() {
        let mut table = DomainTable::default();
        table.insert("api.example.com", [("v2".to_owned(), ())]);
        let domain = table.get("api.example.com").unwrap();
        assert!(domain.select("/v1/items").is_none());
        assert_eq!(domain.select("/v2/items").unwrap().route_path, "/items");
    }

    #[test]
    fn mapping_host_is_case_insensitive_and_ignores_the_port() {
        let table = guide_example();
        assert!(table.get("API.Example.com:3000").is_some());
        assert!(table.get("api.example.com").is_some());
        assert!(table.get("other.example.com").is_none());
    }
}
