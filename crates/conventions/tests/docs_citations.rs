//! Every section citation in a `.rs` file names a section that exists in `docs/`.
//!
//! The convention (also in `docs/README.md`): the section sign and a number with no
//! document name cites `docs/aws-http-api.md`; a document name right before it
//! (`lambda.md`, `cloudformation.md`) cites that document, and citations listed after it
//! (`, ` `/` `and`) keep it; `Appendix A` / `Appendix B.8` cite the appendices of
//! `docs/aws-http-api.md`; RFC citations are skipped. A section exists when a heading
//! starts with its number; an appendix item when a list item inside the appendix does.
//!
//! This source spells the section sign as an escape so the checker does not read its
//! own examples as citations.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::sync::LazyLock;

use conventions::{repo_root, rust_files};
use regex::Regex;

/// The document cited by a bare number.
const DEFAULT_DOC: &str = "aws-http-api.md";

/// Marks the problem reported for the old wording (`reference` before a citation).
const OLD_WORDING: &str = "uses the old wording";

/// A citation: an optional document name or RFC, then a section number or an appendix.
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = concat!(
        r"(?:(?:(?P<doc>[A-Za-z0-9_-]+\.md)|(?P<rfc>RFC\s*\d+)|(?P<word>[Rr]eference))\s*\(?\s*)?",
        r"(?:\x{a7}\s*(?P<num>\d+(?:\.\d+)*)|\bAppendix\s+(?P<app>[A-Z](?:\.\d+)?)\b)",
    );
    Regex::new(pattern).unwrap_or_else(|err| panic!("citation pattern: {err}"))
});

/// What may stand between two citations for the second to keep the first's document.
static LIST_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s,;/&]*(?:and|or)?[\s,]*\(?\s*$")
        .unwrap_or_else(|err| panic!("separator pattern: {err}"))
});

/// The sections of each document, by file name (`aws-http-api.md` → {"4", "4.1", ...}).
type Docs = BTreeMap<String, BTreeSet<String>>;

/// One citation found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Citation {
    /// The cited document, or `None` for a citation that is not checked (an RFC).
    doc: Option<String>,
    /// `4.1`, `Appendix A` or `Appendix B.8`.
    section: String,
    /// The citation as written.
    written: String,
    /// Written with the old word `reference` before it.
    old_wording: bool,
}

/// The section ids a markdown document defines: headings starting with a number
/// (`## 4. …`, `### 4.1 …`), appendix headings (`## Appendix A. …`) and list items
/// inside an appendix starting with its letter (`- B.8 …`).
fn sections_of(markdown: &str) -> BTreeSet<String> {
    let mut sections = BTreeSet::new();
    let mut appendix: Option<String> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            let heading = trimmed.trim_start_matches('#').trim();
            appendix = None;
            if let Some(rest) = heading.strip_prefix("Appendix ") {
                let letter: String = rest.chars().take_while(char::is_ascii_uppercase).collect();
                if !letter.is_empty() {
                    sections.insert(format!("Appendix {letter}"));
                    appendix = Some(letter);
                }
            } else if let Some(first) = heading.split_whitespace().next() {
                let number = first.trim_end_matches('.');
                if is_section_number(number) {
                    sections.insert(number.to_owned());
                }
            }
        } else if let (Some(letter), Some(item)) = (&appendix, list_item(trimmed)) {
            let id = item.trim_matches('*').trim_end_matches(['.', ':']);
            if id
                .strip_prefix(letter.as_str())
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            {
                sections.insert(format!("Appendix {id}"));
            }
        }
    }
    sections
}

fn list_item(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))?;
    rest.split_whitespace().next()
}

fn is_section_number(text: &str) -> bool {
    !text.is_empty()
        && text
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// The document a prefix names: `Some(Some(doc))` to check, `Some(None)` to skip, `None`
/// when there is no prefix.
fn doc_named(captures: &regex::Captures<'_>) -> Option<Option<String>> {
    if let Some(doc) = captures.name("doc") {
        return Some(Some(doc.as_str().to_owned()));
    }
    if captures.name("rfc").is_some() {
        return Some(None);
    }
    // The old wording `reference` names the default document (and is reported).
    captures.name("word").map(|_| Some(DEFAULT_DOC.to_owned()))
}

/// The citations in one line, in order.
fn citations_in(line: &str) -> Vec<Citation> {
    let mut found = Vec::new();
    let mut previous: Option<(usize, Option<String>)> = None;
    for captures in CITATION.captures_iter(line) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        let continues = previous.as_ref().filter(|(end, _)| {
            line.get(*end..whole.start())
                .is_some_and(|between| LIST_SEPARATOR.is_match(between))
        });
        let doc = match (doc_named(&captures), continues) {
            (Some(named), _) => named,
            (None, Some((_, doc))) => doc.clone(),
            (None, None) => Some(DEFAULT_DOC.to_owned()),
        };
        let section = match (captures.name("num"), captures.name("app")) {
            (Some(num), _) => num.as_str().to_owned(),
            (None, Some(app)) => format!("Appendix {}", app.as_str()),
            (None, None) => continue,
        };
        previous = Some((whole.end(), doc.clone()));
        found.push(Citation {
            doc,
            section,
            written: whole.as_str().to_owned(),
            old_wording: captures.name("word").is_some(),
        });
    }
    found
}

/// Checks every line of `text`; returns the number of citations checked and one message
/// per citation that does not resolve.
fn check(label: &str, text: &str, docs: &Docs) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for citation in citations_in(line) {
            let Some(doc) = &citation.doc else {
                continue;
            };
            checked += 1;
            let line_number = index + 1;
            if citation.old_wording {
                problems.push(format!(
                    "{label}:{line_number}: `{}` {OLD_WORDING}; drop the word \"reference\", a bare citation already means docs/{DEFAULT_DOC} (convention: docs/README.md)",
                    citation.written
                ));
            }
            match docs.get(doc) {
                None => problems.push(format!(
                    "{label}:{line_number}: `{}` names docs/{doc}, which does not exist; cite one of {:?} (convention: docs/README.md)",
                    citation.written,
                    docs.keys().collect::<Vec<_>>()
                )),
                Some(sections) if !sections.contains(&citation.section) => problems.push(format!(
                    "{label}:{line_number}: `{}` cites {} of docs/{doc}, which has no such section; add the section to docs/{doc} or correct the citation (convention: docs/README.md)",
                    citation.written, citation.section
                )),
                Some(_) => {}
            }
        }
    }
    (checked, problems)
}

/// The sections of every `docs/*.md`.
fn repository_docs() -> Docs {
    let dir = repo_root().join("docs");
    let entries =
        fs::read_dir(&dir).unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()));
    let mut docs = Docs::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            let text = fs::read_to_string(entry.path())
                .unwrap_or_else(|err| panic!("cannot read docs/{name}: {err}"));
            docs.insert(name, sections_of(&text));
        }
    }
    docs
}

#[test]
fn every_citation_in_the_code_resolves_to_a_section_of_docs() {
    let docs = repository_docs();
    let mut checked = 0;
    let mut problems = Vec::new();
    for file in rust_files() {
        let (count, found) = check(&file.relative, &file.text, &docs);
        checked += count;
        problems.extend(found);
    }
    assert!(
        problems.is_empty(),
        "{} citation(s) do not resolve:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        checked > 50,
        "only {checked} citations found; the scan is probably not reading the sources"
    );
}

#[test]
fn the_docs_define_the_sections_the_convention_relies_on() {
    let docs = repository_docs();
    let http = &docs[DEFAULT_DOC];
    for section in [
        "0",
        "1",
        "1.1",
        "2.2",
        "4.1",
        "6.1",
        "9.3",
        "10.5",
        "Appendix A",
        "Appendix B",
        "Appendix B.8",
    ] {
        assert!(
            http.contains(section),
            "docs/{DEFAULT_DOC} lacks {section}: {http:?}"
        );
    }
    assert!(docs["lambda.md"].contains("2.1"), "{:?}", docs["lambda.md"]);
    assert!(
        docs["cloudformation.md"].contains("3"),
        "{:?}",
        docs["cloudformation.md"]
    );
}

fn sample_docs() -> Docs {
    let http = "## 1. Routes\n### 1.1 Keys\n## Appendix A. Statuses\n## Appendix B. Questions\n- B.1 first\n- B.2 second\n## Unconfirmed\n- B.3 not an item here\n";
    let lambda = "# Lambda\n## 2. Environment\n### 2.1 Variables\n";
    Docs::from([
        (DEFAULT_DOC.to_owned(), sections_of(http)),
        ("lambda.md".to_owned(), sections_of(lambda)),
    ])
}

#[test]
fn the_checker_catches_a_citation_of_a_missing_section() {
    let text = "// fine: \u{a7}1.1\n// see \u{a7}99.9 for details\n";
    let (checked, problems) = check("x.rs", text, &sample_docs());
    assert_eq!(checked, 2);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("x.rs:2: `\u{a7}99.9` cites 99.9 of docs/aws-http-api.md"),
        "{}",
        problems[0]
    );
}

#[test]
fn the_checker_reads_every_citation_form() {
    let docs = sample_docs();
    // Whether every citation in `text` names an existing section (old wording aside).
    let resolves = |text: &str| {
        let (checked, problems) = check("x.rs", text, &docs);
        assert!(checked > 0, "no citation found in {text:?}");
        problems.iter().all(|problem| problem.contains(OLD_WORDING))
    };
    // `\x41` is `A`, `\u{a7}` is the section sign: written out, the repository scan would
    // report these sample citations.
    assert!(resolves("(\u{a7}1.1)"));
    assert!(resolves(
        "reference \u{a7}1.1, Reference \u{a7}1, reference (\u{a7}1.1)"
    ));
    assert!(resolves("reference \x41ppendix A; Appendix B.2"));
    assert!(!resolves("reference \u{a7}1.7"));
    assert!(resolves("lambda.md \u{a7}2.1, \u{a7}2 and \u{a7}2.1"));
    assert!(resolves("docs/aws-http-api.md \u{a7}1.1/\u{a7}1"));
    assert!(!resolves("lambda.md \u{a7}1.1"));
    assert!(!resolves(
        "lambda.md \u{a7}2.1 (variables) then \u{a7}2.1.5"
    ));
    assert!(!resolves("Appendix B.3"));
    // Built at run time: written out, the repository scan would report it.
    assert!(!resolves(&format!("Appendix {}", 'C')));
    assert!(!resolves("cloudformation.md \u{a7}1"));
    let (checked, problems) = check("x.rs", "RFC 6750 \u{a7}3.1, \u{a7}3.2; \u{a7}n", &docs);
    assert_eq!((checked, problems.len()), (0, 0), "{problems:?}");
}

#[test]
fn the_old_wording_is_reported_apart() {
    let text = "// reference \u{a7}1.1 and \u{a7}1\n// (reference \x41ppendix A)\n// \u{a7}1.1\n";
    let (checked, problems) = check("x.rs", text, &sample_docs());
    assert_eq!(checked, 4);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with("x.rs:1: `reference \u{a7}1.1` uses the old wording"));
    assert!(problems[1].starts_with("x.rs:2: `reference \x41ppendix A` uses the old wording"));
}
