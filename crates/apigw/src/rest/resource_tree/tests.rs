use super::*;

fn tree(paths: &[&str]) -> ResourceTree<usize> {
    ResourceTree::build(
        paths
            .iter()
            .enumerate()
            .map(|(i, p)| ((*p).to_owned(), i))
            .collect(),
    )
    .expect("valid tree")
}

fn select<'t>(
    tree: &'t ResourceTree<usize>,
    path: &str,
) -> Option<(&'t str, Vec<(String, String)>)> {
    tree.select(path)
        .map(|m| (m.resource_path, m.path_parameters))
}

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn the_slash_and_encoding_table_of_section_1_5() {
    let tree = tree(&["/", "/{proxy+}", "/hardcoded"]);
    let proxy = |value: &str| Some(("/{proxy+}", params(&[("proxy", value)])));
    assert_eq!(select(&tree, "/proxy-value"), proxy("proxy-value"));
    assert_eq!(select(&tree, "/proxy-value/"), proxy("proxy-value"));
    assert_eq!(
        select(&tree, "/proxy-value//double-slash"),
        proxy("proxy-value//double-slash")
    );
    assert_eq!(select(&tree, "//proxy-value"), proxy("proxy-value"));
    assert_eq!(select(&tree, "/hardcoded"), Some(("/hardcoded", vec![])));
    assert_eq!(
        select(
            &tree,
            "/proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com"
        ),
        proxy("proxy-value/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com")
    );
}

#[test]
fn a_greedy_variable_does_not_match_the_root() {
    let only_proxy = tree(&["/{proxy+}"]);
    assert_eq!(select(&only_proxy, "/"), None);
    assert_eq!(select(&only_proxy, ""), None);
    let with_root = tree(&["/", "/{proxy+}"]);
    assert_eq!(select(&with_root, "/"), Some(("/", vec![])));
}

#[test]
fn a_literal_child_beats_the_variable_child() {
    let tree = tree(&["/pets", "/pets/{id}", "/pets/dog"]);
    assert_eq!(select(&tree, "/pets/dog"), Some(("/pets/dog", vec![])));
    assert_eq!(
        select(&tree, "/pets/cat"),
        Some(("/pets/{id}", params(&[("id", "cat")])))
    );
    assert_eq!(select(&tree, "/pets/"), Some(("/pets", vec![])));
}

#[test]
fn path_parameters_come_in_the_templates_order_and_stay_encoded() {
    let tree = tree(&["/a/{x}/b/{y}", "/a/{x}/b/{y}/{rest+}"]);
    assert_eq!(
        select(&tree, "/a/1%2F2/b/%20"),
        Some(("/a/{x}/b/{y}", params(&[("x", "1%2F2"), ("y", "%20")])))
    );
    assert_eq!(
        select(&tree, "/a/1/b/2/c/d/"),
        Some((
            "/a/{x}/b/{y}/{rest+}",
            params(&[("x", "1"), ("y", "2"), ("rest", "c/d")])
        ))
    );
}

#[test]
fn a_dead_ended_literal_branch_falls_back_to_the_variable() {
    let tree = tree(&["/a/b", "/{proxy+}"]);
    assert_eq!(
        select(&tree, "/a/c"),
        Some(("/{proxy+}", params(&[("proxy", "a/c")])))
    );
    // `/a` itself is no resource here: the greedy branch takes it.
    assert_eq!(
        select(&tree, "/a"),
        Some(("/{proxy+}", params(&[("proxy", "a")])))
    );
    assert_eq!(select(&tree, "/a/b"), Some(("/a/b", vec![])));
}

#[test]
fn backtracking_drops_the_captures_of_the_abandoned_branch() {
    let tree = tree(&["/{x}/y", "/{x}/{z}/w"]);
    assert_eq!(
        select(&tree, "/1/2/w"),
        Some(("/{x}/{z}/w", params(&[("x", "1"), ("z", "2")])))
    );
    assert_eq!(select(&tree, "/1/2/v"), None);
}

#[test]
fn matching_is_case_sensitive_and_needs_whole_segments() {
    let tree = tree(&["/Pets", "/pets/{id}"]);
    assert_eq!(select(&tree, "/pets"), None);
    assert_eq!(select(&tree, "/PETS"), None);
    assert_eq!(select(&tree, "/Pets"), Some(("/Pets", vec![])));
    // An empty segment is no `{id}`.
    assert_eq!(select(&tree, "/pets//"), None);
}

#[test]
fn unknown_paths_select_nothing() {
    let tree = tree(&["/", "/pets"]);
    assert_eq!(select(&tree, "/owners"), None);
    assert_eq!(select(&tree, "/pets/1"), None);
}

#[test]
fn create_resource_rules_are_enforced_with_the_path_and_the_fix() {
    let error = |paths: &[&str]| {
        ResourceTree::build(paths.iter().map(|p| ((*p).to_owned(), ())).collect())
            .expect_err("invalid tree")
            .to_string()
    };
    assert!(error(&["/{a}", "/{proxy+}"]).contains("only one is allowed"));
    assert!(error(&["/{a}", "/{b}/c"]).starts_with("resource `/{b}/c`"));
    assert!(error(&["/{proxy+}/x"]).contains("greedy path variable"));
    assert!(error(&["/a{b}"]).contains("whole segment"));
    assert!(error(&["pets"]).contains("starts with `/`"));
    assert!(error(&["/a//b"]).contains("empty path segment"));
    assert!(error(&["/a", "/a"]).contains("twice"));
    assert!(error(&["/{}"]).contains("not a valid path variable"));
}

#[test]
fn an_exact_method_beats_any_and_head_is_not_get() {
    let methods = vec![("ANY".to_owned(), 1), ("GET".to_owned(), 2)];
    assert_eq!(select_method(&methods, &http::Method::GET), Some(&2));
    assert_eq!(select_method(&methods, &http::Method::POST), Some(&1));
    let get_only = vec![("GET".to_owned(), 2)];
    assert_eq!(select_method(&get_only, &http::Method::HEAD), None);
    assert_eq!(select_method(&get_only, &http::Method::OPTIONS), None);
}
