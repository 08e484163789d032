//! Lenient decoding helpers used by the generated response types.
//!
//! Real responses drift from the documented types: numbers arrive as strings
//! (always, in XML) and strings as numbers, a list with one element arrives as
//! a bare object, lists sit inside a wrapper object keyed by the item name
//! (`"Data": {"TaskDetail": [...]}`), and fields go missing. These functions
//! accept all of that, so that a response decodes whenever its data can be
//! understood. Generated code refers to them through
//! `#[serde(deserialize_with = "…")]`.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A scalar that can be read from its textual wire form.
///
/// Implemented for `String`, the integer and float types, `bool` and every
/// generated enum (whose implementation never fails: unknown values land in
/// the enum's fallback variant).
pub trait FromWire: Sized {
    /// Parses the wire text; `None` when it is not a valid value of the type.
    fn from_wire(text: &str) -> Option<Self>;
}

impl FromWire for String {
    fn from_wire(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

impl FromWire for bool {
    fn from_wire(text: &str) -> Option<Self> {
        match text.trim() {
            "true" | "True" | "TRUE" | "1" => Some(true),
            "false" | "False" | "FALSE" | "0" => Some(false),
            _ => None,
        }
    }
}

macro_rules! parse_wire {
    ($($ty:ty),*) => {$(
        impl FromWire for $ty {
            fn from_wire(text: &str) -> Option<Self> {
                text.trim().parse().ok()
            }
        }
    )*};
}

parse_wire!(i32, i64, u32, u64, f64);

/// The text of a JSON scalar; `None` for null, objects and arrays.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

fn convert_scalar<T: FromWire, E: serde::de::Error>(value: &Value) -> Result<Option<T>, E> {
    match value {
        Value::Null => Ok(None),
        Value::Object(map) if map.is_empty() => Ok(None),
        Value::String(s) if s.trim().is_empty() && T::from_wire(s).is_none() => Ok(None),
        other => match scalar_text(other) {
            Some(text) => T::from_wire(&text).map(Some).ok_or_else(|| {
                E::custom(format_args!(
                    "invalid value {text:?} for {}",
                    std::any::type_name::<T>()
                ))
            }),
            None => Err(E::custom(format_args!(
                "expected a scalar for {}, found {}",
                std::any::type_name::<T>(),
                kind(other)
            ))),
        },
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// An optional scalar given as a string, number or boolean; null, an empty
/// element or a blank string that is not a valid value decodes as `None`.
pub fn scalar<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromWire,
{
    let value = Value::deserialize(deserializer)?;
    convert_scalar(&value)
}

/// The JSON a string holds, when it holds an object or an array: some
/// services send nested data as JSON text (`"Tags": "[{\"Key\":\"k\"}]"`).
fn json_text(value: Value) -> Value {
    match value {
        Value::String(s) => {
            let t = s.trim_start();
            if t.starts_with('{') || t.starts_with('[') {
                match serde_json::from_str::<Value>(t) {
                    Ok(inner @ (Value::Object(_) | Value::Array(_))) => inner,
                    _ => Value::String(s),
                }
            } else {
                Value::String(s)
            }
        }
        other => other,
    }
}

/// An optional nested object (or any JSON value, for `T = Value`); null or
/// an empty XML element decodes as `None`, and JSON text in a string is
/// read as the JSON it holds.
pub fn object<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    match json_text(Value::deserialize(deserializer)?) {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        value => serde_json::from_value(value)
            .map(Some)
            .map_err(D::Error::custom),
    }
}

/// The elements of a list that may arrive as an array, as a lone element, as
/// JSON text, or not at all.
fn elements(value: Value) -> Vec<Value> {
    match json_text(value) {
        Value::Null => Vec::new(),
        Value::String(s) if s.trim().is_empty() => Vec::new(),
        Value::Array(items) => items,
        other => vec![other],
    }
}

fn unwrap_item(value: Value, item: &str) -> Value {
    match json_text(value) {
        Value::Object(mut map) if map.len() == 1 && map.contains_key(item) => {
            map.remove(item).unwrap_or(Value::Null)
        }
        // An empty wrapper (`"Data": {}` or `<Data/>`) is an empty list.
        Value::Object(map) if map.is_empty() => Value::Null,
        other => other,
    }
}

fn structs<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<Vec<T>, E> {
    // A one-key object holding an array is a wrapper whose key the page did
    // not name (`"RecordLines": {"RecordLine": [...]}`).
    let value = match json_text(value) {
        Value::Object(mut map) if map.len() == 1 && map.values().all(Value::is_array) => map
            .values_mut()
            .next()
            .map(Value::take)
            .unwrap_or(Value::Null),
        other => other,
    };
    elements(value)
        .into_iter()
        .map(|v| serde_json::from_value(v).map_err(E::custom))
        .collect()
}

fn scalars<T: FromWire, E: serde::de::Error>(value: Value) -> Result<Vec<T>, E> {
    // Scalars cannot be objects, so a one-key object is a wrapper whose key
    // the page did not name (`<DnsList><Dns>a</Dns><Dns>b</Dns></DnsList>`).
    let value = match json_text(value) {
        Value::Object(mut map) if map.len() == 1 => map
            .values_mut()
            .next()
            .map(Value::take)
            .unwrap_or(Value::Null),
        other => other,
    };
    let mut out = Vec::new();
    for element in elements(value) {
        if let Some(v) = convert_scalar(&element)? {
            out.push(v);
        }
    }
    Ok(out)
}

/// A list of objects: an array, a lone object, or absent.
pub fn struct_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    structs(Value::deserialize(deserializer)?)
}

/// A list of scalars: an array, a lone value, or absent.
pub fn scalar_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromWire,
{
    scalars(Value::deserialize(deserializer)?)
}

/// A list of objects inside a wrapper keyed by `item`
/// (`{"TaskDetail": [...]}`); a bare array or lone object is accepted too.
pub fn wrapped_struct_list<'de, D, T>(deserializer: D, item: &str) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    structs(unwrap_item(Value::deserialize(deserializer)?, item))
}

/// A list of scalars inside a wrapper keyed by `item` (`{"Dns": ["a", "b"]}`);
/// a bare array or lone value is accepted too.
pub fn wrapped_scalar_list<'de, D, T>(deserializer: D, item: &str) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromWire,
{
    scalars(unwrap_item(Value::deserialize(deserializer)?, item))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        #[serde(rename = "N", default, deserialize_with = "scalar")]
        n: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    struct Sample {
        #[serde(rename = "Count", default, deserialize_with = "scalar")]
        count: Option<i32>,
        #[serde(rename = "Name", default, deserialize_with = "scalar")]
        name: Option<String>,
        #[serde(rename = "Flag", default, deserialize_with = "scalar")]
        flag: Option<bool>,
        #[serde(rename = "Items", default, deserialize_with = "de_items")]
        items: Vec<Item>,
        #[serde(rename = "Dns", default, deserialize_with = "scalar_list")]
        dns: Vec<String>,
    }

    fn de_items<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Item>, D::Error> {
        wrapped_struct_list(d, "Item")
    }

    fn decode(value: Value) -> Result<Sample, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn numbers_and_strings_cross_over() {
        let s = decode(json!({"Count": "7", "Name": 12345, "Flag": "true"})).unwrap();
        assert_eq!(s.count, Some(7));
        assert_eq!(s.name.as_deref(), Some("12345"));
        assert_eq!(s.flag, Some(true));
    }

    #[test]
    fn missing_and_empty_fields_are_none() {
        let s = decode(json!({"Count": "", "Flag": null})).unwrap();
        assert_eq!(s.count, None);
        assert_eq!(s.flag, None);
        assert_eq!(s.name, None);
        assert!(s.items.is_empty());
    }

    #[test]
    fn wrapped_lists_accept_array_object_and_absence() {
        let many = decode(json!({"Items": {"Item": [{"N": 1}, {"N": "2"}]}})).unwrap();
        assert_eq!(many.items, [Item { n: Some(1) }, Item { n: Some(2) }]);
        let one = decode(json!({"Items": {"Item": {"N": 3}}})).unwrap();
        assert_eq!(one.items, [Item { n: Some(3) }]);
        let bare = decode(json!({"Items": [{"N": 4}]})).unwrap();
        assert_eq!(bare.items, [Item { n: Some(4) }]);
        let empty = decode(json!({"Items": {}})).unwrap();
        assert!(empty.items.is_empty());
    }

    #[test]
    fn scalar_lists_unwrap_an_unnamed_wrapper() {
        let s = decode(json!({"Dns": {"Dns": ["a", "b"]}})).unwrap();
        assert_eq!(s.dns, ["a", "b"]);
        let s = decode(json!({"Dns": {"Server": "a"}})).unwrap();
        assert_eq!(s.dns, ["a"]);
    }

    #[test]
    fn scalar_lists_accept_a_lone_value() {
        let s = decode(json!({"Dns": "ns1.example.com"})).unwrap();
        assert_eq!(s.dns, ["ns1.example.com"]);
    }

    #[test]
    fn json_held_in_strings_is_read() {
        let s =
            decode(json!({"Items": "{\"Item\": [{\"N\": 5}]}", "Dns": "[\"a\", \"b\"]"})).unwrap();
        assert_eq!(s.items, [Item { n: Some(5) }]);
        assert_eq!(s.dns, ["a", "b"]);
        #[derive(Debug, Deserialize)]
        struct Obj {
            #[serde(rename = "O", default, deserialize_with = "object")]
            o: Option<Item>,
            #[serde(rename = "V", default, deserialize_with = "object")]
            v: Option<Value>,
        }
        let o: Obj =
            serde_json::from_value(json!({"O": "{\"N\": \"6\"}", "V": {"any": [1]}})).unwrap();
        assert_eq!(o.o, Some(Item { n: Some(6) }));
        assert_eq!(o.v, Some(json!({"any": [1]})));
        // Text that only looks like JSON stays text.
        let s = decode(json!({"Name": "{not json"})).unwrap();
        assert_eq!(s.name.as_deref(), Some("{not json"));
    }

    #[test]
    fn unnamed_wrappers_of_struct_lists_are_unwrapped() {
        #[derive(Debug, Deserialize)]
        struct Unnamed {
            #[serde(rename = "L", default, deserialize_with = "struct_list")]
            l: Vec<Item>,
        }
        let u: Unnamed =
            serde_json::from_value(json!({"L": {"Entry": [{"N": 1}, {"N": 2}]}})).unwrap();
        assert_eq!(u.l, [Item { n: Some(1) }, Item { n: Some(2) }]);
        let u: Unnamed = serde_json::from_value(json!({"L": {"N": 3}})).unwrap();
        assert_eq!(u.l, [Item { n: Some(3) }], "a lone item is not a wrapper");
    }

    #[test]
    fn garbage_is_an_error_naming_the_value() {
        let err = decode(json!({"Count": "seven"})).unwrap_err();
        assert!(err.to_string().contains("\"seven\""), "{err}");
        let err = decode(json!({"Count": [1]})).unwrap_err();
        assert!(err.to_string().contains("a list"), "{err}");
    }
}
