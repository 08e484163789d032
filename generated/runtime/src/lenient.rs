//! Lenient decoding: how the generated response types read a parsed body.
//!
//! Real responses drift from the documented types: numbers arrive as
//! strings (always, in XML) and strings as numbers, a list with one element
//! arrives as a bare object, lists sit inside a wrapper object keyed by the
//! item name (`"Data": {"TaskDetail": [...]}`), nested data arrives as JSON
//! text in a string, keys arrive in lowerCamel case, and fields go missing.
//! These readers accept all of that, so that a response decodes whenever its
//! data can be understood; what cannot be understood is a [`DecodeError`]
//! that names the place (``unexpected shape at `Data[0].TryCount` ``).
//!
//! Every generated response structure implements [`FromTree`] as one line
//! per field, through [`Fields`]:
//!
//! ```
//! use alibabacloud_runtime::unstable::decode::{from_json, DecodeError};
//! use alibabacloud_runtime::unstable::lenient::{Fields, FromTree, Path, Tree};
//!
//! /// A response written by hand, as the generator writes them.
//! struct Renewal {
//!     task_no: Option<String>,
//!     years: Option<i32>,
//!     zones: Vec<String>,
//! }
//!
//! impl FromTree for Renewal {
//!     fn from_tree(value: Tree<'_>, at: &Path<'_>) -> Result<Self, DecodeError> {
//!         let mut f = Fields::new(value, at)?;
//!         Ok(Self {
//!             task_no: f.scalar("TaskNo")?,
//!             years: f.scalar("Years")?,
//!             zones: f.scalars("Zones", Some("Zone"))?,
//!         })
//!     }
//! }
//!
//! let r: Renewal = from_json(br#"{"taskNo": "T1", "Years": "2", "Zones": {"Zone": "cn-hangzhou-a"}}"#)?;
//! assert_eq!(r.task_no.as_deref(), Some("T1"));
//! assert_eq!(r.years, Some(2));
//! assert_eq!(r.zones, ["cn-hangzhou-a"]);
//! # Ok::<(), DecodeError>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

pub use super::tree::Tree;

/// Why a body could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}

impl DecodeError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// A value that can be read from a parsed response [`Tree`]: every
/// generated response structure, and [`serde_json::Value`] itself (for
/// objects whose fields the reference does not list).
pub trait FromTree: Sized {
    /// Reads `value`, found at `at` (used in error messages).
    fn from_tree(value: Tree<'_>, at: &Path<'_>) -> Result<Self, DecodeError>;
}

impl FromTree for Value {
    fn from_tree(value: Tree<'_>, _at: &Path<'_>) -> Result<Self, DecodeError> {
        Ok(Value::from(value))
    }
}

/// Where in the response a value is: `Data[0].TryCount`.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The top level.
    Root,
    /// A field of the object at the parent path.
    Key(&'a Path<'a>, &'a str),
    /// An element of the list at the parent path.
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

fn shape_error(at: &Path<'_>, what: fmt::Arguments<'_>) -> DecodeError {
    match at {
        Path::Root => DecodeError::new(format!("unexpected shape: {what}")),
        _ => DecodeError::new(format!("unexpected shape at `{at}`: {what}")),
    }
}

/// A scalar that can be read from its textual wire form.
///
/// Implemented for `String`, the integer and float types, `bool` and every
/// generated enum (whose implementation never fails: unknown values land in
/// the enum's fallback variant).
pub trait FromWire: Sized {
    /// Parses the wire text; `None` when it is not a valid value of the type.
    fn from_wire(text: &str) -> Option<Self>;

    /// Reads a JSON number; by default, as its text. The number types read
    /// it without writing it out first.
    fn from_number(number: &serde_json::Number) -> Option<Self> {
        Self::from_wire(&number.to_string())
    }
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

macro_rules! parse_integer {
    ($($ty:ty),*) => {$(
        impl FromWire for $ty {
            fn from_wire(text: &str) -> Option<Self> {
                text.trim().parse().ok()
            }

            fn from_number(number: &serde_json::Number) -> Option<Self> {
                let exact = match number.as_i64() {
                    Some(n) => Self::try_from(n).ok(),
                    None => number.as_u64().and_then(|n| Self::try_from(n).ok()),
                };
                // A float (`2.0`) is read as its text is, and refused.
                exact.or_else(|| Self::from_wire(&number.to_string()))
            }
        }
    )*};
}

parse_integer!(i32, i64, u32, u64);

impl FromWire for f64 {
    fn from_wire(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }

    fn from_number(number: &serde_json::Number) -> Option<Self> {
        number.as_f64()
    }
}

fn kind(value: &Tree<'_>) -> &'static str {
    match value {
        Tree::Null => "null",
        Tree::Bool(_) => "a boolean",
        Tree::Number(_) => "a number",
        Tree::String(_) => "a string",
        Tree::Array(_) => "a list",
        Tree::Object(_) => "an object",
    }
}

/// A scalar from a string, number or boolean; null, an empty object (an
/// empty XML element) or a blank string that is not a valid value is `None`.
fn scalar<T: FromWire>(value: Tree<'_>, at: &Path<'_>) -> Result<Option<T>, DecodeError> {
    let text = match value {
        Tree::Null => return Ok(None),
        Tree::Object(entries) if entries.is_empty() => return Ok(None),
        Tree::String(s) => s,
        Tree::Number(n) => match T::from_number(&n) {
            Some(v) => return Ok(Some(v)),
            None => Cow::Owned(n.to_string()),
        },
        Tree::Bool(b) => Cow::Owned(b.to_string()),
        other => {
            return Err(shape_error(
                at,
                format_args!(
                    "expected a scalar for {}, found {}",
                    std::any::type_name::<T>(),
                    kind(&other)
                ),
            ))
        }
    };
    match T::from_wire(&text) {
        Some(v) => Ok(Some(v)),
        None if text.trim().is_empty() => Ok(None),
        None => Err(shape_error(
            at,
            format_args!("invalid value {text:?} for {}", std::any::type_name::<T>()),
        )),
    }
}

/// The JSON a string holds, when it holds an object or an array: some
/// services send nested data as JSON text (`"Tags": "[{\"Key\":\"k\"}]"`).
fn json_text(value: Tree<'_>) -> Tree<'_> {
    let Tree::String(s) = value else {
        return value;
    };
    let t = s.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return Tree::String(s);
    }
    let inner = match &s {
        Cow::Borrowed(text) => serde_json::from_str::<Tree<'_>>(text.trim_start()),
        Cow::Owned(text) => {
            serde_json::from_str::<Tree<'_>>(text.trim_start()).map(Tree::into_owned)
        }
    };
    match inner {
        Ok(inner @ (Tree::Object(_) | Tree::Array(_))) => inner,
        _ => Tree::String(s),
    }
}

/// The elements of a list that may arrive as an array, as a lone element,
/// or not at all.
fn elements(value: Tree<'_>) -> Vec<Tree<'_>> {
    match value {
        Tree::Null => Vec::new(),
        Tree::String(s) if s.trim().is_empty() => Vec::new(),
        Tree::Object(entries) if entries.is_empty() => Vec::new(),
        Tree::Array(items) => items,
        other => vec![other],
    }
}

/// A list's value without its wrapper: the object keyed by `item`
/// (`{"TaskDetail": [...]}`), or, without an item name, a one-key object
/// holding an array (scalars: any one-key object, as scalars are never
/// objects).
fn unwrap<'t>(value: Tree<'t>, item: Option<&str>, scalars: bool) -> Tree<'t> {
    match json_text(value) {
        Tree::Object(mut entries) if entries.len() == 1 => {
            let (key, inner) = &entries[0];
            let wrapper = match item {
                Some(item) => key == item || key.eq_ignore_ascii_case(item),
                None => scalars || inner.is_array(),
            };
            match entries.pop() {
                Some((_, inner)) if wrapper || scalars => json_text(inner),
                Some(entry) => Tree::Object(vec![entry]),
                None => Tree::Null,
            }
        }
        other => other,
    }
}

/// The fields of one response object, taken out one by one.
///
/// A key is found as spelled, else in any ASCII case (samples and some
/// services write `requestId` for `RequestId`; of several such keys, the
/// least in byte order).
pub struct Fields<'a, 't> {
    /// The object's entries; small (a response object has tens of keys at
    /// most), so a linear scan beats a map's lookup and removal.
    entries: Vec<(Cow<'t, str>, Tree<'t>)>,
    at: &'a Path<'a>,
}

impl<'a, 't> Fields<'a, 't> {
    /// The fields of `value`, which must be an object (JSON text holding one
    /// is read; null and an empty XML element are an object without fields).
    ///
    /// # Errors
    ///
    /// When `value` is something else.
    pub fn new(value: Tree<'t>, at: &'a Path<'a>) -> Result<Self, DecodeError> {
        match json_text(value) {
            Tree::Object(entries) => Ok(Self { entries, at }),
            Tree::Null => Ok(Self {
                entries: Vec::new(),
                at,
            }),
            Tree::String(s) if s.trim().is_empty() => Ok(Self {
                entries: Vec::new(),
                at,
            }),
            other => Err(shape_error(
                at,
                format_args!("expected an object, found {}", kind(&other)),
            )),
        }
    }

    fn take(&mut self, key: &str) -> Option<(Cow<'t, str>, Tree<'t>)> {
        let i = match self.entries.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => self
                .entries
                .iter()
                .enumerate()
                .filter(|(_, (k, _))| k.eq_ignore_ascii_case(key))
                .min_by(|(_, (a, _)), (_, (b, _))| a.cmp(b))
                .map(|(i, _)| i)?,
        };
        Some(self.entries.swap_remove(i))
    }

    /// An optional scalar.
    ///
    /// # Errors
    ///
    /// When the value is a list or an object, or text that is not a value of
    /// `T` (`"seven"` for an integer).
    pub fn scalar<T: FromWire>(&mut self, key: &str) -> Result<Option<T>, DecodeError> {
        match self.take(key) {
            None => Ok(None),
            Some((k, v)) => scalar(v, &Path::Key(self.at, &k)),
        }
    }

    /// A scalar the response must carry (for operations written by hand;
    /// generated types make every field optional).
    ///
    /// # Errors
    ///
    /// As [`scalar`](Self::scalar), and when the field is absent, `null`, or
    /// empty text for a type that is not text. An empty string is a
    /// `String`'s value, so a required `String` accepts `""`.
    pub fn required<T: FromWire>(&mut self, key: &str) -> Result<T, DecodeError> {
        self.scalar(key)?.ok_or_else(|| {
            shape_error(
                &Path::Key(self.at, key),
                format_args!("the field is missing or empty"),
            )
        })
    }

    /// An optional nested object (or any JSON value, for `T = Value`).
    ///
    /// # Errors
    ///
    /// When the value does not decode as `T`.
    pub fn object<T: FromTree>(&mut self, key: &str) -> Result<Option<T>, DecodeError> {
        let Some((k, v)) = self.take(key) else {
            return Ok(None);
        };
        match json_text(v) {
            Tree::Null => Ok(None),
            Tree::String(s) if s.trim().is_empty() => Ok(None),
            v => T::from_tree(v, &Path::Key(self.at, &k)).map(Some),
        }
    }

    /// A list of objects: an array, a lone object, or absent; inside an
    /// object keyed by `item` when the reference names one.
    ///
    /// # Errors
    ///
    /// When an element does not decode as `T`.
    pub fn list<T: FromTree>(
        &mut self,
        key: &str,
        item: Option<&str>,
    ) -> Result<Vec<T>, DecodeError> {
        let Some((k, v)) = self.take(key) else {
            return Ok(Vec::new());
        };
        let at = Path::Key(self.at, &k);
        elements(unwrap(v, item, false))
            .into_iter()
            .enumerate()
            .map(|(i, e)| T::from_tree(json_text(e), &Path::Index(&at, i)))
            .collect()
    }

    /// A list of scalars: an array, a lone value, or absent; inside an
    /// object keyed by `item` (or any one key) when it is wrapped.
    ///
    /// # Errors
    ///
    /// When an element is not a value of `T`.
    pub fn scalars<T: FromWire>(
        &mut self,
        key: &str,
        item: Option<&str>,
    ) -> Result<Vec<T>, DecodeError> {
        let Some((k, v)) = self.take(key) else {
            return Ok(Vec::new());
        };
        let at = Path::Key(self.at, &k);
        let mut out = Vec::new();
        for (i, e) in elements(unwrap(v, item, true)).into_iter().enumerate() {
            if let Some(v) = scalar(e, &Path::Index(&at, i))? {
                out.push(v);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Item {
        n: Option<i64>,
    }

    impl FromTree for Item {
        fn from_tree(value: Tree<'_>, at: &Path<'_>) -> Result<Self, DecodeError> {
            let mut f = Fields::new(value, at)?;
            Ok(Self { n: f.scalar("N")? })
        }
    }

    #[derive(Debug)]
    struct Sample {
        count: Option<i32>,
        name: Option<String>,
        flag: Option<bool>,
        items: Vec<Item>,
        dns: Vec<String>,
        any: Option<Value>,
        unnamed: Vec<Item>,
    }

    impl FromTree for Sample {
        fn from_tree(value: Tree<'_>, at: &Path<'_>) -> Result<Self, DecodeError> {
            let mut f = Fields::new(value, at)?;
            Ok(Self {
                count: f.scalar("Count")?,
                name: f.scalar("Name")?,
                flag: f.scalar("Flag")?,
                items: f.list("Items", Some("Item"))?,
                dns: f.scalars("Dns", None)?,
                any: f.object("Any")?,
                unnamed: f.list("Unnamed", None)?,
            })
        }
    }

    fn decode(value: Value) -> Result<Sample, DecodeError> {
        Sample::from_tree(Tree::from(value), &Path::Root)
    }

    fn decode_text(text: &str) -> Result<Sample, DecodeError> {
        Sample::from_tree(serde_json::from_str(text).expect("valid JSON"), &Path::Root)
    }

    #[test]
    fn numbers_and_strings_cross_over_and_keys_ignore_case() {
        let s = decode(json!({"count": "7", "NAME": 12345, "Flag": "true"})).unwrap();
        assert_eq!(s.count, Some(7));
        assert_eq!(s.name.as_deref(), Some("12345"));
        assert_eq!(s.flag, Some(true));
    }

    #[test]
    fn booleans_read_one_and_zero_as_well_as_true_and_false() {
        for (text, expected) in [
            ("1", true),
            ("0", false),
            ("true", true),
            ("false", false),
            ("True", true),
            ("FALSE", false),
            (" 1 ", true),
        ] {
            assert_eq!(bool::from_wire(text), Some(expected), "{text:?}");
        }
        assert_eq!(bool::from_wire("2"), None);
        assert_eq!(bool::from_wire("yes"), None);
        // As the services send them: numbers, strings and JSON booleans.
        for (value, expected) in [
            (json!(1), true),
            (json!(0), false),
            (json!("1"), true),
            (json!("0"), false),
            (json!(true), true),
            (json!(false), false),
            (json!("true"), true),
            (json!("false"), false),
        ] {
            let s = decode(json!({ "Flag": value })).unwrap();
            assert_eq!(s.flag, Some(expected), "{value}");
        }
        let err = decode(json!({"Flag": 2})).unwrap_err();
        assert!(err.to_string().contains("at `Flag`"), "{err}");
    }

    /// A hand-written output with required fields, as `Fields::required`
    /// serves them.
    #[derive(Debug)]
    struct Task {
        task_no: String,
        count: i32,
    }

    impl FromTree for Task {
        fn from_tree(value: Tree<'_>, at: &Path<'_>) -> Result<Self, DecodeError> {
            let mut f = Fields::new(value, at)?;
            Ok(Self {
                task_no: f.required("TaskNo")?,
                count: f.required("Count")?,
            })
        }
    }

    #[test]
    fn a_required_field_that_is_missing_or_empty_is_an_error_not_a_default() {
        let task = |value: Value| Task::from_tree(Tree::from(value), &Path::Root);
        let ok = task(json!({"taskno": "T-1", "Count": "0"})).unwrap();
        assert_eq!((ok.task_no.as_str(), ok.count), ("T-1", 0));
        // Empty text is a string's value, not a number's.
        let empty = task(json!({"TaskNo": "", "Count": 2})).unwrap();
        assert_eq!((empty.task_no.as_str(), empty.count), ("", 2));
        for (body, field) in [
            (json!({"Count": 1}), "TaskNo"),
            (json!({"TaskNo": null, "Count": 1}), "TaskNo"),
            (json!({"TaskNo": {}, "Count": 1}), "TaskNo"),
            (json!({"TaskNo": "T-1"}), "Count"),
            (json!({"TaskNo": "T-1", "Count": " "}), "Count"),
            (json!({}), "TaskNo"),
        ] {
            let err = task(body.clone()).expect_err(&body.to_string());
            assert_eq!(
                err.to_string(),
                format!("unexpected shape at `{field}`: the field is missing or empty"),
                "{body}"
            );
        }
        // Nested, the path says where.
        #[derive(Debug)]
        struct Outer {
            _task: Option<Task>,
        }
        impl FromTree for Outer {
            fn from_tree(value: Tree<'_>, at: &Path<'_>) -> Result<Self, DecodeError> {
                let mut f = Fields::new(value, at)?;
                Ok(Self {
                    _task: f.object("Task")?,
                })
            }
        }
        let err = Outer::from_tree(Tree::from(json!({"Task": {"TaskNo": "T"}})), &Path::Root)
            .unwrap_err();
        assert!(err.to_string().contains("at `Task.Count`"), "{err}");
    }

    #[test]
    fn json_numbers_are_read_as_their_text_is() {
        let read = |body: Value| {
            let mut f = Fields::new(Tree::from(body), &Path::Root).unwrap();
            (
                f.scalar::<i32>("I").map_err(|e| e.to_string()),
                f.scalar::<u32>("U").map_err(|e| e.to_string()),
                f.scalar::<f64>("F").map_err(|e| e.to_string()),
                f.scalar::<String>("S").map_err(|e| e.to_string()),
                f.scalar::<bool>("B").map_err(|e| e.to_string()),
            )
        };
        let (i, u, f, s, b) = read(json!({"I": -7, "U": 7, "F": 7, "S": 2.5, "B": 1}));
        assert_eq!((i, u, f), (Ok(Some(-7)), Ok(Some(7)), Ok(Some(7.0))));
        assert_eq!((s, b), (Ok(Some("2.5".to_owned())), Ok(Some(true))));
        // Out of range, negative for an unsigned type, or a fraction for an
        // integer: refused, naming the value, as the same text would be.
        let (i, u, _, _, _) = read(json!({"I": 3_000_000_000u64, "U": -1}));
        assert!(i
            .unwrap_err()
            .contains("invalid value \"3000000000\" for i32"));
        assert!(u.unwrap_err().contains("invalid value \"-1\" for u32"));
        let (i, _, f, _, _) = read(json!({"I": 2.0, "F": 18_446_744_073_709_551_615u64}));
        assert!(i.unwrap_err().contains("invalid value \"2.0\" for i32"));
        assert_eq!(f, Ok(Some(18_446_744_073_709_551_615u64 as f64)));
    }

    #[test]
    fn missing_and_empty_fields_are_none() {
        let s = decode(json!({"Count": "", "Flag": null, "Any": ""})).unwrap();
        assert_eq!(s.count, None);
        assert_eq!(s.flag, None);
        assert_eq!(s.name, None);
        assert_eq!(s.any, None);
        assert!(s.items.is_empty());
        let empty_element = decode(json!({"Count": {}})).unwrap();
        assert_eq!(empty_element.count, None);
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
    fn scalar_lists_unwrap_any_wrapper_and_accept_a_lone_value() {
        let s = decode(json!({"Dns": {"Dns": ["a", "b"]}})).unwrap();
        assert_eq!(s.dns, ["a", "b"]);
        let s = decode(json!({"Dns": {"Server": "a"}})).unwrap();
        assert_eq!(s.dns, ["a"]);
        let s = decode(json!({"Dns": "ns1.example.com"})).unwrap();
        assert_eq!(s.dns, ["ns1.example.com"]);
    }

    #[test]
    fn json_held_in_strings_is_read() {
        let s = decode(json!({"Items": "{\"Item\": [{\"N\": 5}]}", "Dns": "[\"a\", \"b\"]", "Any": "{\"k\": [1]}"}))
            .unwrap();
        assert_eq!(s.items, [Item { n: Some(5) }]);
        assert_eq!(s.dns, ["a", "b"]);
        assert_eq!(s.any, Some(json!({"k": [1]})));
        // Text that only looks like JSON stays text.
        let s = decode(json!({"Name": "{not json"})).unwrap();
        assert_eq!(s.name.as_deref(), Some("{not json"));
    }

    #[test]
    fn unnamed_wrappers_of_object_lists_are_unwrapped() {
        let u = decode(json!({"Unnamed": {"Entry": [{"N": 1}, {"N": 2}]}})).unwrap();
        assert_eq!(u.unnamed, [Item { n: Some(1) }, Item { n: Some(2) }]);
        let u = decode(json!({"Unnamed": {"N": 3}})).unwrap();
        assert_eq!(
            u.unnamed,
            [Item { n: Some(3) }],
            "a lone item is not a wrapper"
        );
    }

    #[test]
    fn errors_name_the_place_and_the_value() {
        let err = decode(json!({"Count": "seven"})).unwrap_err();
        assert!(err.to_string().contains("at `Count`"), "{err}");
        assert!(err.to_string().contains("\"seven\""), "{err}");
        let err = decode(json!({"Count": [1]})).unwrap_err();
        assert!(err.to_string().contains("a list"), "{err}");
        let err = decode(json!({"Items": {"Item": [{"N": 1}, {"N": "x"}]}})).unwrap_err();
        assert!(err.to_string().contains("at `Items[1].N`"), "{err}");
        let err = decode(json!([1])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unexpected shape: expected an object, found a list"
        );
    }

    #[test]
    fn borrowed_text_reads_as_owned_text() {
        let s =
            decode_text(r#"{"Dns": "[\"a\", 2]", "Unnamed": "[{}, {\"N\": \"7\"}]", "Name": "x"}"#)
                .unwrap();
        assert_eq!(s.dns, ["a", "2"]);
        assert_eq!(s.unnamed, [Item { n: None }, Item { n: Some(7) }]);
        assert_eq!(s.name.as_deref(), Some("x"));
        // JSON text without escapes stays borrowed from the body.
        let s = decode_text(r#"{"Dns": "[1, 2.5, true]", "Any": "{}"}"#).unwrap();
        assert_eq!(s.dns, ["1", "2.5", "true"]);
        assert_eq!(s.any, Some(json!({})));
        let s = decode_text(r#"{"Items": {"Item": [{"N": 1}], "Item": {"N": 2}}}"#).unwrap();
        assert_eq!(s.items, [Item { n: Some(2) }], "the last duplicate wins");
    }

    #[test]
    fn of_several_keys_in_another_case_the_least_is_read() {
        for text in [
            r#"{"name": "lower", "NAME": "upper", "nAme": "mixed"}"#,
            r#"{"nAme": "mixed", "NAME": "upper", "name": "lower"}"#,
        ] {
            let s = decode_text(text).unwrap();
            assert_eq!(s.name.as_deref(), Some("upper"), "{text}");
        }
        let s = decode_text(r#"{"NAME": "upper", "Name": "exact"}"#).unwrap();
        assert_eq!(s.name.as_deref(), Some("exact"));
    }
}
