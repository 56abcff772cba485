use proptest::prelude::*;

use super::*;

fn table(keys: &[&str]) -> RouteTable<String> {
    RouteTable::new(
        keys.iter()
            .map(|k| (RouteKey::parse(k).unwrap(), (*k).to_owned())),
    )
    .unwrap()
}

fn selected(table: &RouteTable<String>, method: &str, path: &str) -> Option<String> {
    table.select(method, path).map(|m| m.target.clone())
}

// §1.3, documented worked example.
#[test]
fn route_selection_follows_the_documented_worked_example() {
    let t = table(&[
        "GET /pets/dog/1",
        "GET /pets/dog/{id}",
        "GET /pets/{proxy+}",
        "ANY /{proxy+}",
        "$default",
    ]);
    let cases = [
        ("GET", "/pets/dog/1", "GET /pets/dog/1"),
        ("GET", "/pets/dog/2", "GET /pets/dog/{id}"),
        ("GET", "/pets/cat/1", "GET /pets/{proxy+}"),
        ("POST", "/test/5", "ANY /{proxy+}"),
    ];
    for (method, path, expected) in cases {
        assert_eq!(
            selected(&t, method, path).as_deref(),
            Some(expected),
            "{method} {path}"
        );
    }
}

#[test]
fn route_prefers_exact_method_over_any() {
    let t = table(&["ANY /pets", "GET /pets"]);
    assert_eq!(selected(&t, "GET", "/pets").as_deref(), Some("GET /pets"));
    assert_eq!(
        selected(&t, "DELETE", "/pets").as_deref(),
        Some("ANY /pets")
    );
}

#[test]
fn route_prefers_literal_segment_over_variable() {
    let t = table(&["GET /pets/{id}", "GET /pets/mine"]);
    assert_eq!(
        selected(&t, "GET", "/pets/mine").as_deref(),
        Some("GET /pets/mine")
    );
    assert_eq!(
        selected(&t, "GET", "/pets/7").as_deref(),
        Some("GET /pets/{id}")
    );
}

#[test]
fn route_prefers_variable_over_greedy() {
    let t = table(&["GET /pets/{proxy+}", "GET /pets/{id}"]);
    assert_eq!(
        selected(&t, "GET", "/pets/7").as_deref(),
        Some("GET /pets/{id}")
    );
    assert_eq!(
        selected(&t, "GET", "/pets/7/toys").as_deref(),
        Some("GET /pets/{proxy+}")
    );
}

#[test]
fn route_prefers_full_match_with_variables_over_greedy_with_longer_literal_prefix() {
    // Documented class order: any full match (variables included) beats a greedy route.
    let t = table(&["GET /pets/dog/{proxy+}", "GET /{kind}/dog/{id}"]);
    assert_eq!(
        selected(&t, "GET", "/pets/dog/1").as_deref(),
        Some("GET /{kind}/dog/{id}")
    );
}

#[test]
fn route_prefers_longer_literal_prefix_between_greedy_routes() {
    let t = table(&["GET /pets/{proxy+}", "GET /pets/dog/{proxy+}"]);
    assert_eq!(
        selected(&t, "GET", "/pets/dog/x").as_deref(),
        Some("GET /pets/dog/{proxy+}")
    );
    assert_eq!(
        selected(&t, "GET", "/pets/cat/x").as_deref(),
        Some("GET /pets/{proxy+}")
    );
}

#[test]
fn route_prefers_path_specificity_over_exact_method() {
    let t = table(&["GET /pets/{id}", "ANY /pets/dog"]);
    assert_eq!(
        selected(&t, "GET", "/pets/dog").as_deref(),
        Some("ANY /pets/dog")
    );
}

#[test]
fn route_greedy_variable_needs_at_least_one_segment() {
    let t = table(&["ANY /{proxy+}", "GET /pets/{proxy+}"]);
    assert_eq!(selected(&t, "GET", "/"), None);
    assert_eq!(
        selected(&t, "GET", "/pets").as_deref(),
        Some("ANY /{proxy+}")
    );
    assert_eq!(
        selected(&t, "GET", "/pets/").as_deref(),
        Some("ANY /{proxy+}")
    );
}

#[test]
fn route_falls_back_to_default_route() {
    let t = table(&["GET /pets", "$default"]);
    let m = t.select("POST", "/pets").unwrap();
    assert_eq!(m.route_key.as_str(), "$default");
    assert!(m.path_parameters.is_empty());
}

#[test]
fn route_without_match_or_default_is_none() {
    let t = table(&["GET /pets"]);
    assert_eq!(selected(&t, "POST", "/pets"), None);
    assert_eq!(selected(&t, "GET", "/cats"), None);
}

#[test]
fn route_ignores_a_trailing_slash_in_the_request() {
    let t = table(&["GET /hello", "GET /"]);
    assert_eq!(
        selected(&t, "GET", "/hello/").as_deref(),
        Some("GET /hello")
    );
    assert_eq!(selected(&t, "GET", "/").as_deref(), Some("GET /"));
    assert_eq!(selected(&t, "GET", "").as_deref(), Some("GET /"));
}

#[test]
fn route_literals_are_case_sensitive() {
    let t = table(&["GET /Pets"]);
    assert_eq!(selected(&t, "GET", "/pets"), None);
}

#[test]
fn route_head_request_does_not_use_get_route() {
    let t = table(&["GET /pets"]);
    assert_eq!(selected(&t, "HEAD", "/pets"), None);
}

#[test]
fn route_unknown_request_method_only_matches_any() {
    let t = table(&["GET /pets", "ANY /pets"]);
    assert_eq!(
        selected(&t, "PROPFIND", "/pets").as_deref(),
        Some("ANY /pets")
    );
}

#[test]
fn route_captures_variables_and_greedy_rest() {
    let t = table(&["GET /pets/{id}/toys/{toy}", "GET /files/{path+}"]);
    let m = t.select("GET", "/pets/7/toys/ball").unwrap();
    assert_eq!(m.path_parameters.get("id"), Some("7"));
    assert_eq!(m.path_parameters.get("toy"), Some("ball"));
    let m = t.select("GET", "/files/a/b/c.txt").unwrap();
    assert_eq!(m.path_parameters.get("path"), Some("a/b/c.txt"));
}

#[test]
fn route_variables_are_taken_from_the_decoded_path() {
    let t = table(&["GET /pets/{name}"]);
    let path = decode_path("/pets/big%20dog");
    let m = t.select("GET", &path).unwrap();
    assert_eq!(m.path_parameters.get("name"), Some("big dog"));
}

#[test]
fn route_variable_does_not_match_an_empty_segment() {
    let t = table(&["GET /a/{x}/b"]);
    assert_eq!(selected(&t, "GET", "/a//b"), None);
}

#[test]
fn path_parameters_serialize_as_a_map_in_route_order() {
    let t = table(&["GET /{b}/{a}"]);
    let m = t.select("GET", "/1/2").unwrap();
    assert_eq!(
        serde_json::to_string(&m.path_parameters).unwrap(),
        r#"{"b":"1","a":"2"}"#
    );
}

#[test]
fn decode_path_decodes_percent_escapes_but_not_plus() {
    assert_eq!(
        decode_path("/capture/space%20value+x"),
        "/capture/space value+x"
    );
    assert_eq!(decode_path("/RSC/%40id%2Fassets"), "/RSC/@id/assets");
}

#[test]
fn route_key_parse_accepts_documented_forms() {
    for key in [
        "$default",
        "GET /pets",
        "GET /pets/{petID}",
        "ANY /{proxy+}",
        "GET /",
    ] {
        assert_eq!(RouteKey::parse(key).unwrap().as_str(), key);
    }
    let key = RouteKey::parse("GET /pets/{id}/{rest+}").unwrap();
    assert_eq!(key.method(), Some(RouteMethod::Get));
    assert_eq!(key.path(), Some("/pets/{id}/{rest+}"));
    assert_eq!(
        key.segments(),
        [
            PathSegment::Literal("pets".into()),
            PathSegment::Variable("id".into()),
            PathSegment::Greedy("rest".into()),
        ]
    );
}

#[test]
fn route_key_parse_rejects_malformed_keys_with_reasons() {
    type Expected = fn(&RouteKeyError) -> bool;
    let cases: [(&str, Expected); 11] = [
        ("GET", |e| matches!(e, RouteKeyError::Shape { .. })),
        ("GET  /pets", |e| matches!(e, RouteKeyError::Shape { .. })),
        ("FETCH /pets", |e| {
            matches!(e, RouteKeyError::UnknownMethod { .. })
        }),
        ("get /pets", |e| {
            matches!(e, RouteKeyError::UnknownMethod { .. })
        }),
        ("GET pets", |e| {
            matches!(e, RouteKeyError::RelativePath { .. })
        }),
        (
            "GET /metrics/",
            |e| matches!(e, RouteKeyError::TrailingSlash { suggestion, .. } if suggestion == "GET /metrics"),
        ),
        ("GET /a//b", |e| {
            matches!(e, RouteKeyError::EmptySegment { .. })
        }),
        ("GET /pets/{id}.json", |e| {
            matches!(e, RouteKeyError::PartialVariable { .. })
        }),
        ("GET /{proxy+}/x", |e| {
            matches!(e, RouteKeyError::GreedyNotLast { .. })
        }),
        ("GET /{}", |e| {
            matches!(e, RouteKeyError::EmptyVariableName { .. })
        }),
        ("GET /{id}/{id}", |e| {
            matches!(e, RouteKeyError::DuplicateVariable { .. })
        }),
    ];
    for (key, is_expected) in cases {
        let error = RouteKey::parse(key).unwrap_err();
        assert!(is_expected(&error), "{key}: {error}");
        assert!(
            error.to_string().contains(key),
            "message quotes the key: {error}"
        );
    }
}

#[test]
fn route_table_rejects_duplicates_and_variable_renames() {
    let parse = |k: &str| (RouteKey::parse(k).unwrap(), ());
    let duplicate = RouteTable::new([parse("GET /pets"), parse("GET /pets")]).unwrap_err();
    assert!(matches!(duplicate, RouteTableError::Duplicate { .. }));
    let defaults = RouteTable::new([parse("$default"), parse("$default")]).unwrap_err();
    assert!(matches!(defaults, RouteTableError::Duplicate { .. }));
    let renamed =
        RouteTable::new([parse("GET /pets/{id}"), parse("GET /pets/{petId}")]).unwrap_err();
    assert!(matches!(renamed, RouteTableError::Conflict { .. }));
    assert!(RouteTable::new([parse("GET /pets/{id}"), parse("ANY /pets/{id}")]).is_ok());
}

fn segment_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_owned()),
        Just("b".to_owned()),
        Just("c".to_owned())
    ]
}

fn route_strategy() -> impl Strategy<Value = String> {
    let method = prop_oneof![Just("GET"), Just("POST"), Just("ANY")];
    let segment = prop_oneof![
        3 => segment_strategy(),
        2 => Just("{v}".to_owned()),
    ];
    (
        method,
        prop::collection::vec(segment, 0..4),
        prop::bool::ANY,
    )
        .prop_map(|(m, segs, greedy)| {
            let mut path: Vec<String> = segs
                .into_iter()
                .enumerate()
                .map(|(i, s)| if s == "{v}" { format!("{{v{i}}}") } else { s })
                .collect();
            if greedy {
                path.push("{rest+}".to_owned());
            }
            format!("{m} /{}", path.join("/"))
        })
}

/// Deduplicates keys that match the same requests, as `RouteTable::new` requires.
fn distinct_tables(keys: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for key in keys {
        let mut candidate = kept.clone();
        candidate.push(key.clone());
        if RouteTable::new(candidate.iter().map(|k| (RouteKey::parse(k).unwrap(), ()))).is_ok() {
            kept.push(key);
        }
    }
    kept
}

proptest! {
    #[test]
    fn route_selection_is_independent_of_declaration_order(
        keys in prop::collection::vec(route_strategy(), 1..8),
        request in prop::collection::vec(segment_strategy(), 0..5),
        method in prop_oneof![Just("GET"), Just("POST"), Just("PUT")],
        seed in any::<u64>(),
    ) {
        let keys = distinct_tables(keys);
        let mut shuffled = keys.clone();
        let mut rng = seed;
        for i in (1..shuffled.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (rng >> 33) as usize % (i + 1));
        }
        let path = format!("/{}", request.join("/"));
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let shuffled_refs: Vec<&str> = shuffled.iter().map(String::as_str).collect();
        prop_assert_eq!(
            selected(&table(&refs), method, &path),
            selected(&table(&shuffled_refs), method, &path)
        );
    }

    #[test]
    fn literal_route_beats_variable_route_that_also_matches(
        segments in prop::collection::vec(segment_strategy(), 1..5),
        variable_at in any::<prop::sample::Index>(),
        method in prop_oneof![Just("GET"), Just("ANY")],
    ) {
        let literal = format!("{method} /{}", segments.join("/"));
        let mut with_variable = segments.clone();
        with_variable[variable_at.index(segments.len())] = "{v}".to_owned();
        let variable = format!("{method} /{}", with_variable.join("/"));
        let greedy = format!("{method} /{{rest+}}");
        let t = table(&[&variable, &literal, &greedy]);
        let path = format!("/{}", segments.join("/"));
        prop_assert_eq!(selected(&t, "GET", &path), Some(literal));
    }

    #[test]
    fn selection_never_panics_on_arbitrary_paths(path in ".{0,64}", method in "[A-Z]{0,8}") {
        let t = table(&["GET /a/{b}", "ANY /{proxy+}", "POST /a/b/c", "$default"]);
        prop_assert!(t.select(&method, &path).is_some());
    }
}
