//! What one `Api` event changed in a body, to put back when the event fails.

use serde_json::Value;

/// What adding one method can change in a body: its path item and the top-level entries
/// other than `paths` (security definitions, models).
pub(super) struct Snapshot {
    path: String,
    path_item: Option<Value>,
    top_level: serde_json::Map<String, Value>,
}

impl Snapshot {
    pub(super) fn of(body: &Value, path: &str) -> Self {
        let top_level = body
            .as_object()
            .map(|map| {
                map.iter()
                    .filter(|(key, _)| key.as_str() != "paths")
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect()
            })
            .unwrap_or_default();
        Self {
            path: path.to_owned(),
            path_item: body.get("paths").and_then(|paths| paths.get(path)).cloned(),
            top_level,
        }
    }

    pub(super) fn restore(self, body: &mut Value) {
        let Value::Object(map) = body else {
            return;
        };
        map.retain(|key, _| key == "paths" || self.top_level.contains_key(key));
        for (key, value) in self.top_level {
            map.insert(key, value);
        }
        if let Some(Value::Object(paths)) = map.get_mut("paths") {
            match self.path_item {
                Some(item) => {
                    paths.insert(self.path, item);
                }
                None => {
                    paths.shift_remove(&self.path);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn restore_puts_back_the_path_item_and_top_level_entries_and_keeps_other_paths() {
        let original = json!({
            "swagger": "2.0",
            "paths": {"/a": {"get": {}}, "/b": {"get": {}}},
            "securityDefinitions": {"x": {}}
        });
        let snapshot = Snapshot::of(&original, "/b");
        let mut body = original.clone();
        body["paths"]["/b"]["post"] = json!({});
        body["securityDefinitions"]["api_key"] = json!({});
        body["definitions"] = json!({"M": {}});
        snapshot.restore(&mut body);
        assert_eq!(body, original);

        let snapshot = Snapshot::of(&original, "/new");
        let mut body = original.clone();
        body["paths"]["/new"] = json!({"get": {}});
        snapshot.restore(&mut body);
        assert_eq!(body, original);
    }
}
