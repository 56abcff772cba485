//! The compiled route table and AWS's precedence rules (§1.3).
//!
//! Routes are sorted once, at build time, into precedence order, so selection is "first
//! route in order that matches": no allocation until the winner's path parameters are
//! captured, and the result does not depend on the order routes were declared in.
//!
//! The order (most specific first):
//! 1. routes without a greedy variable, before routes with one (the documented
//!    "full match" > "greedy" > `$default` classes);
//! 2. within a class, segment by segment from the left: literal > `{param}` > `{param+}`
//!    (which also makes the longer literal prefix win between greedy routes);
//! 3. for the same path, an exact method before `ANY`.
//!
//! Unconfirmed: rules 2 and 3 and their order (path before method) are inferred by
//! reimplementers, not documented (§1.3).

use std::cmp::Ordering;

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::key::{PathSegment, RouteKey, RouteMethod};

/// Route keys compiled for selection, each carrying the caller's `T` (e.g. a route id).
#[derive(Debug, Clone)]
pub struct RouteTable<T> {
    /// Method-and-path routes, most specific first.
    routes: Vec<Entry<T>>,
    default: Option<(RouteKey, T)>,
}

#[derive(Debug, Clone)]
struct Entry<T> {
    key: RouteKey,
    target: T,
    method: RouteMethod,
    greedy: bool,
}

/// Why a set of routes cannot form a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteTableError {
    /// The same route key twice.
    #[error("route key {key:?} is declared twice")]
    Duplicate {
        /// The repeated key.
        key: String,
    },
    /// Two keys that differ only in path variable names match exactly the same requests.
    // Unconfirmed: AWS is said to treat `GET /pets/{id}` and `GET /pets/{petId}` as the
    // same route (§1.1, emulator claim); rejecting them keeps selection
    // independent of declaration order.
    #[error(
        "route keys {first:?} and {second:?} match exactly the same requests (path variable names do not tell routes apart); keep one of them"
    )]
    Conflict {
        /// The key declared first.
        first: String,
        /// The key declared second.
        second: String,
    },
}

/// The route chosen for a request.
#[derive(Debug, Clone)]
pub struct RouteMatch<'t, 'p, T> {
    /// The matched route key (`routeKey` in the event).
    pub route_key: &'t RouteKey,
    /// What the caller attached to the route.
    pub target: &'t T,
    /// Decoded values captured by `{param}`/`{param+}`; empty for `$default`.
    pub path_parameters: PathParameters<'t, 'p>,
}

/// Path variable values, in route order; serializes as the event's `pathParameters` map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathParameters<'t, 'p>(Vec<(&'t str, &'p str)>);

impl<'t, 'p> PathParameters<'t, 'p> {
    /// The value captured for `name`.
    pub fn get(&self, name: &str) -> Option<&'p str> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// Whether the route captured nothing (the event then omits `pathParameters`).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `(name, value)` pairs in route order.
    pub fn iter(&self) -> impl Iterator<Item = (&'t str, &'p str)> + '_ {
        self.0.iter().copied()
    }
}

impl Serialize for PathParameters<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<T> RouteTable<T> {
    /// Compiles routes into precedence order; rejects duplicates and conflicts.
    pub fn new(routes: impl IntoIterator<Item = (RouteKey, T)>) -> Result<Self, RouteTableError> {
        let mut entries: Vec<Entry<T>> = Vec::new();
        let mut default: Option<(RouteKey, T)> = None;
        for (key, target) in routes {
            let Some(method) = key.method() else {
                if default.is_some() {
                    return Err(RouteTableError::Duplicate {
                        key: key.to_string(),
                    });
                }
                default = Some((key, target));
                continue;
            };
            if let Some(clash) = entries.iter().find(|e| same_requests(&e.key, &key)) {
                return Err(if clash.key == key {
                    RouteTableError::Duplicate {
                        key: key.to_string(),
                    }
                } else {
                    RouteTableError::Conflict {
                        first: clash.key.to_string(),
                        second: key.to_string(),
                    }
                });
            }
            let greedy = matches!(key.segments().last(), Some(PathSegment::Greedy(_)));
            entries.push(Entry {
                key,
                target,
                method,
                greedy,
            });
        }
        entries.sort_by(precedence);
        Ok(Self {
            routes: entries,
            default,
        })
    }

    /// Selects the route for a request.
    ///
    /// `path` is the decoded path left after stage selection; a trailing slash is ignored
    /// (§1.5: `/hello/` is routed like `/hello`). `None` means 404 Not Found.
    pub fn select<'t, 'p>(&'t self, method: &str, path: &'p str) -> Option<RouteMatch<'t, 'p, T>> {
        let path = strip_trailing_slash(path);
        let segment_count = count_segments(path);
        let winner = self
            .routes
            .iter()
            .find(|e| e.method.accepts(method) && e.matches(path, segment_count));
        if let Some(entry) = winner {
            return Some(RouteMatch {
                route_key: &entry.key,
                target: &entry.target,
                path_parameters: entry.capture(path),
            });
        }
        self.default.as_ref().map(|(key, target)| RouteMatch {
            route_key: key,
            target,
            path_parameters: PathParameters::default(),
        })
    }

    /// The routes' targets in precedence order, `$default` last.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.routes
            .iter()
            .map(|entry| &entry.target)
            .chain(self.default.as_ref().map(|(_, target)| target))
    }

    /// Number of routes, `$default` included.
    pub fn len(&self) -> usize {
        self.routes.len() + usize::from(self.default.is_some())
    }

    /// Whether the table has no routes at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> Entry<T> {
    fn matches(&self, path: &str, segment_count: usize) -> bool {
        let segments = self.key.segments();
        let fits = if self.greedy {
            segment_count >= segments.len()
        } else {
            segment_count == segments.len()
        };
        if !fits {
            return false;
        }
        let mut cursor = SegmentCursor::new(path);
        for segment in segments {
            match segment {
                // Unconfirmed: literal segments compare case-sensitively (§1.5).
                PathSegment::Literal(text) => {
                    if cursor.next() != Some(text.as_str()) {
                        return false;
                    }
                }
                // Unconfirmed: a `{param}` never captures an empty segment (`/a//b`).
                PathSegment::Variable(_) => {
                    if cursor.next().is_none_or(str::is_empty) {
                        return false;
                    }
                }
                // Greedy needs at least one non-empty segment (§1.1).
                PathSegment::Greedy(_) => return !cursor.rest().is_empty(),
            }
        }
        true
    }

    /// Captures the variables of a route already known to match `path`.
    fn capture<'t, 'p>(&'t self, path: &'p str) -> PathParameters<'t, 'p> {
        let mut values = Vec::new();
        let mut cursor = SegmentCursor::new(path);
        for segment in self.key.segments() {
            match segment {
                PathSegment::Literal(_) => {
                    cursor.next();
                }
                PathSegment::Variable(name) => {
                    if let Some(value) = cursor.next() {
                        values.push((name.as_str(), value));
                    }
                }
                PathSegment::Greedy(name) => values.push((name.as_str(), cursor.rest())),
            }
        }
        PathParameters(values)
    }
}

/// Walks the segments of a path that starts with `/`, keeping the unread rest reachable.
struct SegmentCursor<'p> {
    rest: Option<&'p str>,
}

impl<'p> SegmentCursor<'p> {
    fn new(path: &'p str) -> Self {
        let rest = path.strip_prefix('/').filter(|r| !r.is_empty());
        Self { rest }
    }

    fn next(&mut self) -> Option<&'p str> {
        let rest = self.rest?;
        match rest.split_once('/') {
            Some((segment, tail)) => {
                self.rest = Some(tail);
                Some(segment)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }

    fn rest(&self) -> &'p str {
        self.rest.unwrap_or("")
    }
}

fn strip_trailing_slash(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some(stripped) if !stripped.is_empty() => stripped,
        _ if path.is_empty() => "/",
        _ => path,
    }
}

/// Segments in a path that starts with `/`; `/` itself has none.
fn count_segments(path: &str) -> usize {
    if path.len() <= 1 {
        return 0;
    }
    path.bytes().filter(|b| *b == b'/').count()
}

/// Rank of a segment kind, most specific first.
fn rank(segment: &PathSegment) -> u8 {
    match segment {
        PathSegment::Literal(_) => 0,
        PathSegment::Variable(_) => 1,
        PathSegment::Greedy(_) => 2,
    }
}

fn precedence<T>(a: &Entry<T>, b: &Entry<T>) -> Ordering {
    let path_order = a.greedy.cmp(&b.greedy).then_with(|| {
        let ranks = |e: &Entry<T>| e.key.segments().iter().map(rank).collect::<Vec<_>>();
        ranks(a).cmp(&ranks(b))
    });
    path_order
        .then_with(|| (a.method == RouteMethod::Any).cmp(&(b.method == RouteMethod::Any)))
        // Total order for routes of equal specificity (they never match the same request).
        .then_with(|| a.key.as_str().cmp(b.key.as_str()))
}

/// Whether two method-and-path keys match exactly the same requests.
fn same_requests(a: &RouteKey, b: &RouteKey) -> bool {
    a.method() == b.method()
        && a.segments().len() == b.segments().len()
        && a.segments()
            .iter()
            .zip(b.segments())
            .all(|pair| match pair {
                (PathSegment::Literal(x), PathSegment::Literal(y)) => x == y,
                (PathSegment::Variable(_), PathSegment::Variable(_))
                | (PathSegment::Greedy(_), PathSegment::Greedy(_)) => true,
                _ => false,
            })
}
