//! Reading Rust source without a parser: code without comments and literals, line
//! numbers, the paths of `use` items, inline and test-only `mod` blocks.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static INLINE_MOD: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\bmod\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{"));

static TEST_MOD: LazyLock<Regex> = LazyLock::new(|| {
    regex(concat!(
        r"#\[cfg\(test\)\](?:\s*#\[[^\]]*\])*\s*(?:pub(?:\([^)]*\))?\s+)?",
        r"mod\s+([A-Za-z_][A-Za-z0-9_]*)\s*([;{])",
    ))
});

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|err| panic!("pattern {pattern}: {err}"))
}

/// The 1-based line number of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// `source` with every comment (`//…`, `/*…*/`, doc comments) and the contents of every
/// string, raw string, byte string and character literal replaced by spaces. Newlines
/// and byte offsets are kept, so [`line_of`] works on the result as on `source`.
/// Lifetimes (`'a`) are code and stay.
pub fn code_only(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = bytes.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for byte in &mut out[from..to.min(bytes.len())] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(b"//") {
            let end = memchr(b'\n', bytes, i).unwrap_or(bytes.len());
            blank(&mut out, i, end);
            i = end;
        } else if rest.starts_with(b"/*") {
            let end = block_comment_end(bytes, i);
            blank(&mut out, i, end);
            i = end;
        } else if bytes[i] == b'"' {
            let end = string_end(bytes, i + 1);
            blank(&mut out, i + 1, end.saturating_sub(1));
            i = end;
        } else if bytes[i] == b'\'' {
            match char_literal_end(source, i) {
                Some(end) => {
                    blank(&mut out, i + 1, end - 1);
                    i = end;
                }
                None => i += 1,
            }
        } else if is_ident_byte(bytes[i]) {
            let start = i;
            while i < bytes.len() && is_ident_byte(bytes[i]) {
                i += 1;
            }
            let word = &bytes[start..i];
            if matches!(word, b"r" | b"br" | b"cr")
                && let Some((body, after)) = raw_string(bytes, i)
            {
                blank(&mut out, body.start, body.end);
                i = after;
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into())
}

fn is_ident_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn memchr(needle: u8, bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|b| *b == needle)
        .map(|at| at + from)
}

/// The offset just past the `*/` closing the (possibly nested) comment opened at `start`.
fn block_comment_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        if bytes[i] == b'/' && bytes[i + 1] == b'*' {
            depth += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes[i + 1] == b'/' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// The offset just past the `"` closing a string whose body starts at `from`.
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// For a raw string whose `#`s or `"` start at `from`: the body's range and the offset
/// just past the closing `"#…`; `None` when `from` does not start a raw string (`r#ident`).
fn raw_string(bytes: &[u8], from: usize) -> Option<(Range<usize>, usize)> {
    let hashes = bytes[from..].iter().take_while(|b| **b == b'#').count();
    let quote = from + hashes;
    if bytes.get(quote) != Some(&b'"') {
        return None;
    }
    let closing: Vec<u8> = std::iter::once(b'"')
        .chain(std::iter::repeat_n(b'#', hashes))
        .collect();
    let body = quote + 1;
    let end = bytes[body..]
        .windows(closing.len())
        .position(|window| window == closing.as_slice())
        .map_or(bytes.len(), |at| body + at);
    Some((body..end, (end + closing.len()).min(bytes.len())))
}

/// The offset just past a character literal starting at `start` (a `'`), or `None`
/// when the quote starts a lifetime or label.
fn char_literal_end(source: &str, start: usize) -> Option<usize> {
    let rest = source.get(start + 1..)?;
    let mut chars = rest.char_indices();
    let (_, first) = chars.next()?;
    if first == '\\' {
        // A backslash, the escaped (ASCII) character, maybe more (`\u{..}`), a quote.
        let close = rest.get(2..)?.find('\'')?;
        return Some(start + 1 + 2 + close + 1);
    }
    let (after, next) = chars.next()?;
    (next == '\'' && first != '\'').then_some(start + 1 + after + 1)
}

/// The leaf paths of the tree of a `use` item (the text between `use` and `;`), one
/// segment per element, renames dropped: `crate::{a, b::{c, d as e}}` gives `crate::a`,
/// `crate::b::c` and `crate::b::d`; a glob ends in `*`.
pub fn use_paths(tree: &str) -> Vec<Vec<String>> {
    let mut tokens = Vec::new();
    let mut rest = tree;
    while let Some(ch) = rest.chars().next() {
        if ch.is_whitespace() {
            rest = &rest[ch.len_utf8()..];
        } else if let Some(after) = rest.strip_prefix("::") {
            tokens.push("::".to_owned());
            rest = after;
        } else if matches!(ch, '{' | '}' | ',' | '*') {
            tokens.push(ch.to_string());
            rest = &rest[1..];
        } else {
            let len = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$' || c == '#'))
                .unwrap_or(rest.len())
                .max(ch.len_utf8());
            tokens.push(rest[..len].to_owned());
            rest = &rest[len..];
        }
    }
    let mut out = Vec::new();
    let mut index = 0;
    use_tree(&tokens, &mut index, Vec::new(), &mut out);
    out
}

fn use_tree(tokens: &[String], i: &mut usize, mut path: Vec<String>, out: &mut Vec<Vec<String>>) {
    while let Some(token) = tokens.get(*i) {
        *i += 1;
        match token.as_str() {
            "::" => {}
            "{" => {
                while tokens.get(*i).is_some_and(|t| t != "}") {
                    use_tree(tokens, i, path.clone(), out);
                    if tokens.get(*i).is_some_and(|t| t == ",") {
                        *i += 1;
                    }
                }
                *i += 1;
                return;
            }
            "}" | "," => {
                *i -= 1;
                break;
            }
            "as" => *i += 1,
            segment => {
                path.push(segment.to_owned());
                // Go on after `::` (more segments) or `as` (a rename to skip).
                if tokens.get(*i).is_none_or(|t| t != "::" && t != "as") {
                    break;
                }
            }
        }
    }
    if !path.is_empty() {
        out.push(path);
    }
}

/// The inline `mod name { … }` blocks of `code` (output of [`code_only`]) as change
/// points: from each offset on, the names of the blocks enclosing it, outermost first.
/// The first entry is `(0, [])`.
pub fn inline_mod_scopes(code: &str) -> Vec<(usize, Vec<String>)> {
    let opens: BTreeMap<usize, String> = INLINE_MOD
        .captures_iter(code)
        .filter_map(|c| Some((c.get(0)?.end() - 1, c.get(1)?.as_str().to_owned())))
        .collect();
    let mut scopes = vec![(0, Vec::new())];
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    for (offset, byte) in code.bytes().enumerate() {
        match byte {
            b'{' => {
                depth += 1;
                if let Some(name) = opens.get(&offset) {
                    stack.push((name.clone(), depth));
                    scopes.push((offset, stack.iter().map(|(n, _)| n.clone()).collect()));
                }
            }
            b'}' => {
                if stack.last().is_some_and(|(_, d)| *d == depth) {
                    stack.pop();
                    scopes.push((offset, stack.iter().map(|(n, _)| n.clone()).collect()));
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    scopes
}

/// In `code` (output of [`code_only`]): the names of the `#[cfg(test)] mod x;` children
/// it declares, and the byte ranges of its `#[cfg(test)] mod x { … }` blocks.
pub fn cfg_test_modules(code: &str) -> (Vec<String>, Vec<Range<usize>>) {
    let mut children = Vec::new();
    let mut blocks = Vec::new();
    for captures in TEST_MOD.captures_iter(code) {
        let (Some(item), Some(name), Some(end)) =
            (captures.get(0), captures.get(1), captures.get(2))
        else {
            continue;
        };
        if end.as_str() == ";" {
            children.push(name.as_str().to_owned());
            continue;
        }
        let mut depth = 0usize;
        let close = code[end.start()..].bytes().position(|byte| {
            match byte {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                _ => return false,
            }
            depth == 0
        });
        blocks.push(item.start()..close.map_or(code.len(), |at| end.start() + at + 1));
    }
    (children, blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_literals_are_blanked_but_lines_kept() {
        let source = "use crate::a; // crate::b\n/* crate::c\n */ let s = \"crate::d\";\nlet r = r#\"crate::e\"#; let c = '{'; fn f<'a>(x: &'a str) {}\n";
        let code = code_only(source);
        assert_eq!(code.len(), source.len());
        assert_eq!(code.lines().count(), source.lines().count());
        assert!(code.contains("crate::a"));
        for hidden in ["crate::b", "crate::c", "crate::d", "crate::e", "'{'"] {
            assert!(!code.contains(hidden), "{hidden} left in {code:?}");
        }
        assert!(
            code.contains("<'a>") && code.contains("&'a str"),
            "{code:?}"
        );
        assert_eq!(line_of(&code, code.find("let r").unwrap_or(0)), 4);
    }

    #[test]
    fn use_trees_are_flattened() {
        let paths = use_paths("crate::{a, b::{self, c as d, e::*}}, std::fmt");
        let joined: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
        assert_eq!(
            joined,
            [
                "crate::a",
                "crate::b::self",
                "crate::b::c",
                "crate::b::e::*"
            ]
        );
        assert_eq!(use_paths("super::X"), [["super", "X"]]);
    }
}
