//! Which stacks of an assembly `up` deploys, and in what order (cdk.md §1.2): `--stack`
//! patterns as the CDK CLI matches them, the stacks they depend on added (unless
//! `--exclusively`), ordered so a stack comes after the stacks it depends on.

use std::collections::BTreeSet;

use super::{CdkError, CloudAssembly, StackArtifact};

/// The stacks chosen, in deploy order.
#[derive(Debug)]
pub struct Selection<'a> {
    /// In dependency order.
    pub stacks: Vec<&'a StackArtifact>,
    /// Stack names added because a chosen stack depends on them.
    pub added: Vec<String>,
}

/// Chooses stacks by `patterns` (every top-level stack when there are none) and orders
/// them. Unless `exclusively`, the stacks they depend on are added, as `cdk deploy` does.
pub fn select<'a>(
    assembly: &'a CloudAssembly,
    patterns: &[String],
    exclusively: bool,
) -> Result<Selection<'a>, CdkError> {
    let mut chosen: BTreeSet<&str> = BTreeSet::new();
    if patterns.is_empty() {
        chosen.extend(top_level(assembly).map(|stack| stack.stack_name.as_str()));
        if chosen.is_empty() {
            return Err(CdkError::Selection(format!(
                "the cloud assembly in {} has no top-level stacks; choose stacks of its stages with --stack, e.g. --stack '{}'. The stacks are:\n{}",
                assembly.dir.display(),
                assembly
                    .stacks
                    .first()
                    .map_or("Stage/*".to_owned(), |stack| stage_pattern(
                        &stack.display_name
                    )),
                listing(assembly)
            )));
        }
    }
    for pattern in patterns {
        let matched: Vec<_> = (assembly.stacks.iter())
            .filter(|stack| matches(stack, pattern))
            .collect();
        if matched.is_empty() {
            return Err(CdkError::Selection(format!(
                "--stack {pattern}: no stack in {} matches it (by stack name, artifact id or path, with * and ** patterns). The stacks are:\n{}",
                assembly.dir.display(),
                listing(assembly)
            )));
        }
        chosen.extend(matched.iter().map(|stack| stack.stack_name.as_str()));
    }
    let mut added = Vec::new();
    if !exclusively {
        let mut pending: Vec<&str> = chosen.iter().copied().collect();
        while let Some(name) = pending.pop() {
            for dependency in find(assembly, name).map_or(&[][..], |s| &s.dependencies[..]) {
                if chosen.insert(dependency) {
                    added.push(dependency.clone());
                    pending.push(dependency);
                }
            }
        }
    }
    Ok(Selection {
        stacks: order(assembly, &chosen)?,
        added,
    })
}

/// The top-level stacks (not in a `Stage`).
fn top_level(assembly: &CloudAssembly) -> impl Iterator<Item = &StackArtifact> {
    assembly.stacks.iter().filter(|stack| stack.top_level)
}

fn find<'a>(assembly: &'a CloudAssembly, stack_name: &str) -> Option<&'a StackArtifact> {
    assembly
        .stacks
        .iter()
        .find(|stack| stack.stack_name == stack_name)
}

/// `chosen` in manifest order, each after the chosen stacks it depends on.
fn order<'a>(
    assembly: &'a CloudAssembly,
    chosen: &BTreeSet<&str>,
) -> Result<Vec<&'a StackArtifact>, CdkError> {
    let mut remaining: Vec<&StackArtifact> = (assembly.stacks.iter())
        .filter(|stack| chosen.contains(stack.stack_name.as_str()))
        .collect();
    let mut ordered: Vec<&StackArtifact> = Vec::new();
    while !remaining.is_empty() {
        let ready = remaining.iter().position(|stack| {
            stack.dependencies.iter().all(|dependency| {
                !chosen.contains(dependency.as_str())
                    || ordered.iter().any(|done| &done.stack_name == dependency)
            })
        });
        let Some(ready) = ready else {
            let names: Vec<_> = remaining.iter().map(|s| s.stack_name.as_str()).collect();
            return Err(CdkError::Selection(format!(
                "stacks {} depend on each other in a cycle; fix the dependencies in the CDK app",
                names.join(", ")
            )));
        };
        ordered.push(remaining.remove(ready));
    }
    Ok(ordered)
}

/// Whether `pattern` names the stack: its stack name, artifact id or hierarchical id.
// Unconfirmed: the CDK CLI matches the hierarchical id; the stack name and artifact id
// are accepted too, as a Stage stack is often known by its stack name (`Dev-Svc`).
fn matches(stack: &StackArtifact, pattern: &str) -> bool {
    [&stack.display_name, &stack.stack_name, &stack.id]
        .into_iter()
        .any(|name| glob(pattern.as_bytes(), name.as_bytes()))
}

/// A glob as the CDK CLI's minimatch reads a stack pattern: `*` matches within one path
/// segment, `**` across `/`, `?` one character.
fn glob(pattern: &[u8], name: &[u8]) -> bool {
    match pattern {
        [] => name.is_empty(),
        [b'*', b'*', rest @ ..] => {
            (0..=name.len()).any(|i| glob(rest, name.get(i..).unwrap_or_default()))
        }
        [b'*', rest @ ..] => (0..=name.len())
            .take_while(|&i| i == 0 || name.get(i - 1) != Some(&b'/'))
            .any(|i| glob(rest, name.get(i..).unwrap_or_default())),
        [b'?', rest @ ..] => matches!(name, [c, tail @ ..] if *c != b'/' && glob(rest, tail)),
        [p, rest @ ..] => matches!(name, [c, tail @ ..] if c == p && glob(rest, tail)),
    }
}

/// `Dev/*` for a stack `Dev/Svc`.
fn stage_pattern(display_name: &str) -> String {
    display_name.rsplit_once('/').map_or_else(
        || display_name.to_owned(),
        |(stage, _)| format!("{stage}/*"),
    )
}

/// One line per stack: its path, and its stack name when that differs.
pub fn listing(assembly: &CloudAssembly) -> String {
    let lines: Vec<String> = (assembly.stacks.iter())
        .map(|stack| {
            if stack.display_name == stack.stack_name {
                format!("  {}", stack.display_name)
            } else {
                format!("  {} (stack name {})", stack.display_name, stack.stack_name)
            }
        })
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glob_matches_within_a_segment_unless_doubled() {
        assert!(glob(b"Dev/*", b"Dev/Svc"));
        assert!(!glob(b"Dev/*", b"Dev/Svc/Inner"));
        assert!(glob(b"Dev/**", b"Dev/Svc/Inner"));
        assert!(glob(b"*", b"Producer"));
        assert!(!glob(b"*", b"Dev/Svc"));
        assert!(glob(b"Pro?ucer", b"Producer"));
        assert!(!glob(b"Consumer", b"Producer"));
    }
}
