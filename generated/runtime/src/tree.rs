//! A parsed response body that borrows from the body's bytes.
//!
//! [`Tree`] is what [`lenient`](super::lenient) reads. Parsed from JSON, its
//! strings and keys point into the body unless they hold escapes, and its
//! objects are vectors of entries, so that parsing allocates little and
//! builds no map. XML is parsed into a [`serde_json::Value`] (see
//! [`xml`](super::xml)) and converted.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// Up to this many keys, an object's keys are checked for duplicates by a
/// scan; past it, through a hash index.
const SCANNED_KEYS: usize = 32;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A JSON value whose strings and keys may borrow from the parsed text.
///
/// The shape is [`serde_json::Value`]'s, with an object as its entries: each
/// key appears once (the last of duplicates wins, as in a `Value`), in
/// document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Tree<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as `serde_json` reads it (so its text is a `Value`'s).
    Number(Number),
    /// A string, borrowed when the text has no escapes.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Tree<'a>>),
    /// An object's entries, keys unique.
    Object(Vec<(Cow<'a, str>, Tree<'a>)>),
}

impl<'a> Tree<'a> {
    /// The value of `key` when this is an object that has it (exact
    /// spelling).
    pub fn get(&self, key: &str) -> Option<&Tree<'a>> {
        match self {
            Tree::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tree::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Tree::Object(_))
    }

    /// Whether this is an array.
    pub fn is_array(&self) -> bool {
        matches!(self, Tree::Array(_))
    }

    /// The same tree owning all its text.
    pub fn into_owned(self) -> Tree<'static> {
        match self {
            Tree::Null => Tree::Null,
            Tree::Bool(b) => Tree::Bool(b),
            Tree::Number(n) => Tree::Number(n),
            Tree::String(s) => Tree::String(Cow::Owned(s.into_owned())),
            Tree::Array(items) => Tree::Array(items.into_iter().map(Tree::into_owned).collect()),
            Tree::Object(entries) => Tree::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            ),
        }
    }
}

impl From<Tree<'_>> for Value {
    fn from(tree: Tree<'_>) -> Self {
        match tree {
            Tree::Null => Value::Null,
            Tree::Bool(b) => Value::Bool(b),
            Tree::Number(n) => Value::Number(n),
            Tree::String(s) => Value::String(s.into_owned()),
            Tree::Array(items) => Value::Array(items.into_iter().map(Value::from).collect()),
            Tree::Object(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), Value::from(v)))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }
}

impl From<Value> for Tree<'static> {
    fn from(value: Value) -> Self {
        match value {
            Value::Null => Tree::Null,
            Value::Bool(b) => Tree::Bool(b),
            Value::Number(n) => Tree::Number(n),
            Value::String(s) => Tree::String(Cow::Owned(s)),
            Value::Array(items) => Tree::Array(items.into_iter().map(Tree::from).collect()),
            Value::Object(map) => Tree::Object(
                map.into_iter()
                    .map(|(k, v)| (Cow::Owned(k), Tree::from(v)))
                    .collect(),
            ),
        }
    }
}

impl<'de> Deserialize<'de> for Tree<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Tree<'de>, E> {
        Ok(Tree::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Tree<'de>, E> {
        Ok(Tree::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Tree<'de>, E> {
        Ok(Tree::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Tree<'de>, E> {
        // As `Value` does: a float JSON cannot hold is null.
        Ok(Number::from_f64(n).map_or(Tree::Null, Tree::Number))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Tree<'de>, E> {
        Ok(Tree::String(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Tree<'de>, E> {
        Ok(Tree::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Tree<'de>, E> {
        Ok(Tree::String(Cow::Owned(s)))
    }

    fn visit_none<E>(self) -> Result<Tree<'de>, E> {
        Ok(Tree::Null)
    }

    fn visit_unit<E>(self) -> Result<Tree<'de>, E> {
        Ok(Tree::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree<'de>, D::Error> {
        Tree::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree<'de>, A::Error> {
        // Room for a typical response object's fields from the start, so
        // that it is not reallocated twice on the way.
        let mut entries: Vec<(Cow<'de, str>, Tree<'de>)> = Vec::with_capacity(8);
        // Keys are kept unique as a `Value`'s are. A response object has
        // tens of keys, for which a scan is cheaper than a map; past
        // `SCANNED_KEYS` an index takes over, so that a hostile body of
        // a million keys costs linear time, not quadratic.
        let mut index: Option<HashMap<Cow<'de, str>, usize>> = None;
        while let Some(Key(key)) = map.next_key()? {
            let value = map.next_value()?;
            let existing = match &index {
                Some(index) => index.get(&key).copied(),
                None => entries.iter().position(|(k, _)| *k == key),
            };
            match existing {
                Some(i) => entries[i].1 = value,
                None => {
                    if let Some(index) = &mut index {
                        index.insert(key.clone(), entries.len());
                    }
                    entries.push((key, value));
                    if index.is_none() && entries.len() > SCANNED_KEYS {
                        index = Some(
                            entries
                                .iter()
                                .enumerate()
                                .map(|(i, (k, _))| (k.clone(), i))
                                .collect(),
                        );
                    }
                }
            }
        }
        Ok(Tree::Object(entries))
    }
}

/// An object key, borrowed when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Tree<'_> {
        serde_json::from_str(text).expect("valid JSON")
    }

    #[test]
    fn plain_strings_and_keys_borrow_and_escaped_ones_own() {
        let tree = parse(r#"{"Plain": "text", "Esc\u0061ped": "a\"b"}"#);
        let Tree::Object(entries) = &tree else {
            panic!("{tree:?}")
        };
        assert!(matches!(&entries[0].0, Cow::Borrowed("Plain")));
        assert!(matches!(&entries[0].1, Tree::String(Cow::Borrowed("text"))));
        assert!(matches!(&entries[1].0, Cow::Owned(k) if k == "Escaped"));
        assert!(matches!(&entries[1].1, Tree::String(Cow::Owned(s)) if s == "a\"b"));
    }

    #[test]
    fn numbers_read_as_a_value_reads_them() {
        for text in [
            "18446744073709551615",
            "-9223372036854775808",
            "-1",
            "0",
            "1.5",
            "-2.5e-3",
            "1e300",
            "12345678901234567890123",
        ] {
            let Tree::Number(n) = parse(text) else {
                panic!("{text}")
            };
            let value: Value = serde_json::from_str(text).expect("valid");
            assert_eq!(Value::Number(n.clone()), value, "{text}");
            assert_eq!(n.to_string(), value.to_string(), "{text}");
        }
        assert_eq!(parse("18446744073709551615"), Tree::Number(u64::MAX.into()));
        assert_eq!(parse("-3"), Tree::Number((-3i64).into()));
    }

    #[test]
    fn nesting_keeps_document_order() {
        let tree = parse(r#"{"b": [1, {"c": null}], "a": {"d": [true, false, []]}}"#);
        let Tree::Object(entries) = &tree else {
            panic!("{tree:?}")
        };
        assert_eq!(entries[0].0, "b");
        assert_eq!(entries[1].0, "a");
        assert_eq!(
            tree.get("b"),
            Some(&Tree::Array(vec![
                Tree::Number(1u64.into()),
                Tree::Object(vec![(Cow::Borrowed("c"), Tree::Null)]),
            ]))
        );
        let Some(Tree::Object(a)) = tree.get("a") else {
            panic!("{tree:?}")
        };
        assert_eq!(
            a[0].1,
            Tree::Array(vec![
                Tree::Bool(true),
                Tree::Bool(false),
                Tree::Array(vec![])
            ])
        );
        assert_eq!(tree.get("missing"), None);
    }

    #[test]
    fn the_last_of_duplicate_keys_wins() {
        let tree = parse(r#"{"k": 1, "j": 2, "k": "three"}"#);
        let Tree::Object(entries) = &tree else {
            panic!("{tree:?}")
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(tree.get("k").and_then(Tree::as_str), Some("three"));
        let value: Value = serde_json::from_str(r#"{"k": 1, "j": 2, "k": "three"}"#).unwrap();
        assert_eq!(Value::from(tree), value);
    }

    #[test]
    fn duplicates_are_found_past_the_scanned_keys_too() {
        // Keys 0..100, then every even one again: the index is in use.
        let mut text = String::from("{");
        for i in 0..100 {
            text.push_str(&format!("\"k{i}\": {i},"));
        }
        for i in (0..100).step_by(2) {
            text.push_str(&format!("\"k{i}\": \"again {i}\","));
        }
        text.push_str("\"last\": true}");
        let tree = parse(&text);
        let Tree::Object(entries) = &tree else {
            panic!("{tree:?}")
        };
        assert_eq!(entries.len(), 101);
        assert_eq!(entries[4].0, "k4", "a duplicate keeps the first place");
        assert_eq!(tree.get("k4").and_then(Tree::as_str), Some("again 4"));
        assert_eq!(tree.get("k5"), Some(&Tree::Number(5.into())));
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(Value::from(tree), value);
    }

    #[test]
    fn round_trips_with_value() {
        let value = json!({
            "s": "x\ny",
            "n": [-1, 2, 3.25, 18446744073709551615u64],
            "o": {"t": true, "z": null, "e": {}, "l": []},
        });
        let text = value.to_string();
        assert_eq!(Value::from(parse(&text)), value);
        let tree = Tree::from(value.clone());
        assert!(tree.is_object());
        assert_eq!(Value::from(tree.clone()), value);
        assert_eq!(tree.into_owned(), Tree::from(value));
    }

    #[test]
    fn invalid_json_is_an_error() {
        assert!(serde_json::from_str::<Tree<'_>>("{\"a\":").is_err());
        assert!(serde_json::from_str::<Tree<'_>>("[1] x").is_err());
    }
}
