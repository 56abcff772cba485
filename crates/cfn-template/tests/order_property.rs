//! Property: the order in which resources are declared changes nothing. Shuffling
//! declarations keeps the same dependency edges and the same deployment order, and
//! the order always creates a resource after everything it depends on.

// Test helpers: a failed expectation is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use cfn_template::{Inputs, validate};
use proptest::prelude::*;

#[derive(Clone, Copy, Debug)]
enum Kind {
    Ref,
    GetAtt,
    Sub,
    SubAttribute,
    DependsOn,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Ref),
        Just(Kind::GetAtt),
        Just(Kind::Sub),
        Just(Kind::SubAttribute),
        Just(Kind::DependsOn),
    ]
}

/// Resource `R<i>`'s declaration, with its references to other resources.
fn declaration(index: usize, references: &[(usize, Kind)]) -> String {
    let mut properties =
        String::from("      ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:f\n");
    let mut depends_on = Vec::new();
    for (n, (target, kind)) in references.iter().enumerate() {
        let value = match kind {
            Kind::Ref => format!("!Ref R{target}"),
            Kind::GetAtt => format!("!GetAtt R{target}.Out"),
            Kind::Sub => format!("!Sub 'x-${{R{target}}}'"),
            Kind::SubAttribute => format!("!Sub 'x-${{R{target}.Out}}'"),
            Kind::DependsOn => {
                depends_on.push(format!("R{target}"));
                continue;
            }
        };
        properties.push_str(&format!("      P{n}: {value}\n"));
    }
    let mut text = format!("  R{index}:\n    Type: Custom::Thing\n    Properties:\n{properties}");
    if !depends_on.is_empty() {
        text.push_str(&format!("    DependsOn: [{}]\n", depends_on.join(", ")));
    }
    text
}

/// A template with `count` resources, each with random references (cycles allowed).
fn templates() -> impl Strategy<Value = (Vec<String>, Vec<String>)> {
    (1usize..25)
        .prop_flat_map(|count| {
            let references =
                prop::collection::vec(prop::collection::vec((0..count, kind()), 0..4), count);
            (Just(count), references)
        })
        .prop_flat_map(|(count, references)| {
            let declarations: Vec<String> = (0..count)
                .map(|index| declaration(index, &references[index]))
                .collect();
            let shuffled = Just(declarations.clone()).prop_shuffle();
            (Just(declarations), shuffled)
        })
}

struct Outcome {
    edges: BTreeSet<(String, String)>,
    order: Vec<String>,
    in_cycles: BTreeSet<String>,
}

fn outcome(declarations: &[String]) -> Outcome {
    let source = format!("Resources:\n{}", declarations.concat());
    let validation = validate(&source, &Inputs::default()).unwrap();
    let plan = validation.plan.as_ref().expect("a plan");
    let in_cycles = validation
        .diagnostics
        .iter()
        .filter_map(|d| {
            d.message
                .strip_prefix("circular dependency between resources: [")
        })
        .flat_map(|members| {
            members
                .trim_end_matches(']')
                .split(", ")
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    Outcome {
        edges: plan
            .graph()
            .edges()
            .map(|e| (e.dependent.clone(), e.dependency.clone()))
            .collect(),
        order: plan.order().to_vec(),
        in_cycles,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn shuffling_declarations_changes_neither_edges_nor_order((declared, shuffled) in templates()) {
        let original = outcome(&declared);
        let reordered = outcome(&shuffled);
        prop_assert_eq!(&original.edges, &reordered.edges);
        prop_assert_eq!(&original.order, &reordered.order);
        prop_assert_eq!(&original.in_cycles, &reordered.in_cycles);
    }

    #[test]
    fn order_creates_every_resource_after_its_dependencies((declared, shuffled) in templates()) {
        for declarations in [&declared, &shuffled] {
            let outcome = outcome(declarations);
            let position: BTreeMap<&str, usize> =
                outcome.order.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
            for (dependent, dependency) in &outcome.edges {
                if let Some(after) = position.get(dependent.as_str()) {
                    let before = position.get(dependency.as_str());
                    prop_assert!(before.is_some_and(|before| before < after),
                        "{} is created at {} but needs {}", dependent, after, dependency);
                }
            }
            // Everything not ordered is in a cycle or waits for one.
            let ordered: BTreeSet<&str> = outcome.order.iter().map(String::as_str).collect();
            prop_assert!(outcome.in_cycles.iter().all(|id| !ordered.contains(id.as_str())));
            if outcome.in_cycles.is_empty() {
                prop_assert_eq!(outcome.order.len(), declarations.len());
            }
        }
    }
}
