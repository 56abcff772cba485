//! No dependency cycle between the top-level modules of a crate.
//!
//! A top-level module is the first path component under `src/` (`src/host.rs` and
//! `src/host/*.rs` are `host`); `lib.rs` and `main.rs` are the root and never a source
//! of edges. An edge `a -> b` is code in `a` that names `b` through `use crate::b…`
//! (grouped `use crate::{b, c::d}` included), an inline `crate::b::X`, or a `super::`
//! path that resolves to `b` from the module it is written in (inline `mod` blocks
//! counted). Comments, doc comments and literals are ignored, and so is test code
//! (see [`INCLUDE_TEST_CODE`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use conventions::{
    SourceFile, cfg_test_modules, code_only, inline_mod_scopes, line_of, repo_root,
    rust_files_under, use_paths,
};
use regex::Regex;

static USE_ITEM: LazyLock<Regex> = LazyLock::new(|| pattern(r"\buse\s+([^;]*);"));
static INLINE_PATH: LazyLock<Regex> = LazyLock::new(|| {
    pattern(r"(?:\$crate|\bcrate|\bsuper)(?:\s*::\s*(?:[A-Za-z_][A-Za-z0-9_]*|\*))+")
});
/// Whether `#[cfg(test)]` modules (files and inline blocks) create edges. A unit test
/// may drive its module through a higher one (`parameters::tests` calling `validate`)
/// without coupling the modules themselves, so test code is left out; set this to
/// `true` to hold tests to the rule too.
const INCLUDE_TEST_CODE: bool = false;

fn pattern(text: &str) -> Regex {
    Regex::new(text).unwrap_or_else(|err| panic!("pattern {text}: {err}"))
}

/// The most cycles listed per crate.
const MAX_CYCLES: usize = 200;

/// The module graph of one crate: for each edge, where it is created (`file:line`).
#[derive(Debug, Default)]
struct Graph {
    edges: BTreeMap<(String, String), Vec<String>>,
}

impl Graph {
    fn successors(&self, from: &str) -> impl Iterator<Item = &str> {
        self.edges
            .keys()
            .filter(move |(source, _)| source == from)
            .map(|(_, target)| target.as_str())
    }
}

/// The module path of a file given relative to `src/`: empty for the crate root
/// (`lib.rs`, `main.rs`); `None` for `src/bin/` (separate crates).
fn module_path(relative: &str) -> Option<Vec<String>> {
    let without_ext = relative.strip_suffix(".rs")?;
    let mut parts: Vec<String> = without_ext.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|last| last == "mod") {
        parts.pop();
    }
    match parts.as_slice() {
        [] => None,
        [only] if only == "lib" || only == "main" => Some(Vec::new()),
        [first, ..] if first == "bin" => None,
        _ => Some(parts),
    }
}

/// The top-level module a path names, seen from module `from` (file module plus inline
/// `mod` blocks); `None` for paths that leave the crate or name no module.
fn target_of(from: &[String], path: &[String]) -> Option<String> {
    let mut segments = path.iter().map(String::as_str).peekable();
    let mut absolute: Vec<&str> = match segments.peek().copied()? {
        "crate" | "$crate" => {
            segments.next();
            Vec::new()
        }
        "super" => {
            let mut base: Vec<&str> = from.iter().map(String::as_str).collect();
            while segments.peek() == Some(&"super") {
                segments.next();
                base.pop()?;
            }
            base
        }
        "self" => {
            segments.next();
            from.iter().map(String::as_str).collect()
        }
        _ => return None,
    };
    absolute.extend(segments.filter(|s| *s != "self"));
    absolute.first().map(|first| (*first).to_owned())
}

/// Adds the edges created by one file (`module` is its module path) to `graph`.
fn add_file(
    graph: &mut Graph,
    modules: &BTreeSet<String>,
    module: &[String],
    label: &str,
    text: &str,
) {
    let mut code = code_only(text);
    if !INCLUDE_TEST_CODE {
        for block in cfg_test_modules(&code).1 {
            code.replace_range(block.clone(), &" ".repeat(block.len()));
        }
    }
    let scopes = inline_mod_scopes(&code);
    let scope_at = |offset: usize| {
        let at = scopes
            .partition_point(|(start, _)| *start <= offset)
            .saturating_sub(1);
        let mut path = module.to_vec();
        path.extend(scopes[at].1.iter().cloned());
        path
    };
    let mut found: Vec<(usize, Vec<String>)> = Vec::new();
    let mut uses = Vec::new();
    for captures in USE_ITEM.captures_iter(&code) {
        let (Some(item), Some(tree)) = (captures.get(0), captures.get(1)) else {
            continue;
        };
        uses.push(item.range());
        found.extend(
            use_paths(tree.as_str())
                .into_iter()
                .map(|p| (item.start(), p)),
        );
    }
    for range in uses {
        code.replace_range(range.clone(), &" ".repeat(range.len()));
    }
    for path in INLINE_PATH.find_iter(&code) {
        let segments = path
            .as_str()
            .split("::")
            .map(|s| s.trim().to_owned())
            .collect();
        found.push((path.start(), segments));
    }
    for (offset, path) in found {
        let Some(target) = target_of(&scope_at(offset), &path) else {
            continue;
        };
        if modules.contains(&target) && target != module[0] {
            let site = format!("{label}:{}", line_of(text, offset));
            let sites = graph.edges.entry((module[0].clone(), target)).or_default();
            if !sites.contains(&site) {
                sites.push(site);
            }
        }
    }
}

/// The module graph of the files of one crate, given relative to its `src/`.
fn graph_of(files: &[(String, String, String)]) -> Graph {
    let mut parsed: Vec<_> = files
        .iter()
        .filter_map(|(relative, label, text)| Some((module_path(relative)?, label, text)))
        .collect();
    if !INCLUDE_TEST_CODE {
        let test_only: BTreeSet<Vec<String>> = parsed
            .iter()
            .flat_map(|(path, _, text)| {
                let children = cfg_test_modules(&code_only(text)).0;
                children
                    .into_iter()
                    .map(move |child| [path.clone(), vec![child]].concat())
            })
            .collect();
        parsed.retain(|(path, _, _)| !(1..=path.len()).any(|n| test_only.contains(&path[..n])));
    }
    parsed.retain(|(path, _, _)| !path.is_empty());
    let modules: BTreeSet<String> = parsed.iter().map(|(path, _, _)| path[0].clone()).collect();
    let mut graph = Graph::default();
    for (path, label, text) in &parsed {
        add_file(&mut graph, &modules, path, label, text);
    }
    graph
}

/// Every elementary cycle, each starting at its smallest module (at most [`MAX_CYCLES`]).
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    fn walk(graph: &Graph, start: &str, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        let Some(last) = path.last().cloned() else {
            return;
        };
        for next in graph.successors(&last) {
            if out.len() >= MAX_CYCLES {
                return;
            }
            if next == start {
                out.push(path.clone());
            } else if next > start && !path.iter().any(|m| m == next) {
                path.push(next.to_owned());
                walk(graph, start, path, out);
                path.pop();
            }
        }
    }
    let starts: BTreeSet<&str> = graph.edges.keys().map(|(from, _)| from.as_str()).collect();
    let mut out = Vec::new();
    for start in starts {
        walk(graph, start, &mut vec![start.to_owned()], &mut out);
    }
    out
}

fn describe(graph: &Graph, cycle: &[String]) -> String {
    let mut text = format!("  {} -> {}\n", cycle.join(" -> "), cycle[0]);
    for (i, from) in cycle.iter().enumerate() {
        let to = &cycle[(i + 1) % cycle.len()];
        let sites = graph
            .edges
            .get(&(from.clone(), to.clone()))
            .cloned()
            .unwrap_or_default();
        text.push_str(&format!("    {from} -> {to}: {}\n", sites.join(", ")));
    }
    text
}

#[test]
fn no_crate_has_a_cycle_between_its_top_level_modules() {
    let crates_dir = repo_root().join("crates");
    let mut names: Vec<String> = std::fs::read_dir(&crates_dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", crates_dir.display()))
        .flatten()
        .filter(|entry| entry.path().join("src").is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut report = String::new();
    let mut edges = 0;
    for name in &names {
        let src = crates_dir.join(name).join("src");
        let files: Vec<(String, String, String)> = rust_files_under(&src, &src)
            .into_iter()
            .map(|SourceFile { relative, text, .. }| {
                let label = format!("crates/{name}/src/{relative}");
                (relative, label, text)
            })
            .collect();
        let graph = graph_of(&files);
        edges += graph.edges.len();
        let found = cycles(&graph);
        if !found.is_empty() {
            report.push_str(&format!("crates/{name}: {} cycle(s)\n", found.len()));
            for cycle in &found {
                report.push_str(&describe(&graph, cycle));
            }
        }
    }
    assert!(
        edges > 20,
        "only {edges} module edges found in {names:?}; the scan is probably broken"
    );
    assert!(
        report.is_empty(),
        "top-level modules depend on each other in a cycle; move what both sides need into \
         the lower module (or a new one), or have the lower module define a trait the \
         upper one implements:\n{report}"
    );
}

fn synthetic(files: &[(&str, &str)]) -> Graph {
    let owned: Vec<(String, String, String)> = files
        .iter()
        .map(|(path, text)| {
            (
                (*path).to_owned(),
                format!("src/{path}"),
                (*text).to_owned(),
            )
        })
        .collect();
    graph_of(&owned)
}

#[test]
fn grouped_uses_inline_paths_and_super_make_edges_but_comments_do_not() {
    let graph = synthetic(&[
        ("lib.rs", "mod a; mod b; mod c; use crate::a::X;"),
        ("a.rs", "use crate::{b, c::{d, e as f}};\n"),
        (
            "b.rs",
            "//! See [`crate::c::X`].\n/// use crate::c;\nfn g() { let s = \"crate::c\"; }\n",
        ),
        (
            "c.rs",
            "mod d;\nfn h() -> crate::b::T { todo() }\n#[cfg(test)]\nmod tests {\n    use super::h;\n}\n",
        ),
        ("c/d.rs", "use super::X;\nuse super::super::a::Y;\n"),
        ("c/e.rs", "fn k() { super::super::b::z(); }\n"),
    ]);
    let edges: Vec<(&str, &str)> = graph
        .edges
        .keys()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    assert_eq!(edges, [("a", "b"), ("a", "c"), ("c", "a"), ("c", "b")]);
    assert_eq!(
        graph.edges[&("c".to_owned(), "a".to_owned())],
        ["src/c/d.rs:2"]
    );
    assert_eq!(
        graph.edges[&("c".to_owned(), "b".to_owned())],
        ["src/c.rs:2", "src/c/e.rs:1"]
    );
    assert_eq!(cycles(&graph), [["a", "c"]]);
}

#[test]
fn the_detector_reports_every_cycle_with_its_sites() {
    let graph = synthetic(&[
        ("host.rs", "use crate::pool::Pool;\nuse crate::env::Env;\n"),
        ("pool.rs", "use crate::host::Host;\n"),
        ("pool/inline.rs", "use super::Pool;\n"),
        ("env.rs", "fn f() { crate::host::g(); }\n"),
    ]);
    assert_eq!(cycles(&graph), [vec!["env", "host"], vec!["host", "pool"]]);
    let text = describe(&graph, &["host".to_owned(), "pool".to_owned()]);
    assert!(text.contains("host -> pool -> host"), "{text}");
    assert!(
        text.contains("host -> pool: src/host.rs:1")
            && text.contains("pool -> host: src/pool.rs:1"),
        "{text}"
    );
    assert!(
        !graph
            .edges
            .contains_key(&("pool".to_owned(), "pool".to_owned()))
    );
}

#[test]
fn test_code_makes_no_edges() {
    let graph = synthetic(&[
        ("lib.rs", "mod x;\nmod y;\n#[cfg(test)]\nmod tests;\n"),
        ("tests.rs", "use crate::x::f;\n"),
        (
            "x.rs",
            "#[cfg(test)]\nmod tests;\n#[cfg(test)]\nmod inline {\n    use crate::y::Y;\n}\npub fn f() {}\n",
        ),
        ("x/tests.rs", "use crate::y::Z;\n"),
        ("y.rs", "use crate::x::f;\n"),
    ]);
    let edges: Vec<&(String, String)> = graph.edges.keys().collect();
    assert_eq!(edges, [&("y".to_owned(), "x".to_owned())]);
}

#[test]
fn module_paths_follow_the_file_layout() {
    assert_eq!(module_path("lib.rs"), Some(vec![]));
    assert_eq!(module_path("bin/tool.rs"), None);
    assert_eq!(module_path("host.rs"), Some(vec!["host".to_owned()]));
    assert_eq!(
        module_path("pool/inline.rs"),
        Some(vec!["pool".to_owned(), "inline".to_owned()])
    );
    assert_eq!(module_path("pool/mod.rs"), Some(vec!["pool".to_owned()]));
}
