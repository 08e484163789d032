//! Request parameters and how typed values are flattened into them.
//!
//! Alibaba's RPC style sends every parameter as a string. Lists are flattened
//! as `Name.1`, `Name.2`, … (numbered from 1) and structures as
//! `Name.1.Field`, applied recursively.

use std::borrow::Cow;

/// An ordered list of request parameters as `(name, value)` pairs.
///
/// Order is kept as written; the signer sorts a copy, so the order here does
/// not affect the signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// An empty parameter list.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty parameter list with room for `capacity` pairs.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            pairs: Vec::with_capacity(capacity),
        }
    }

    /// Appends one raw `name=value` pair.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.pairs.push((name.into(), value.into()));
    }

    /// Appends `name` with the wire form of `value`.
    pub fn put<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        self.push(name, value.to_param().into_owned());
    }

    /// Appends `name` with the wire form of `value` when it is present; an
    /// absent value sends nothing.
    pub fn put_opt<V: ParamValue>(&mut self, name: &str, value: Option<&V>) {
        if let Some(value) = value {
            self.put(name, value);
        }
    }

    /// Appends a repeated parameter as `name.1`, `name.2`, …; an empty list
    /// sends nothing.
    pub fn put_list<V: ParamValue>(&mut self, name: &str, values: &[V]) {
        for (index, value) in values.iter().enumerate() {
            self.put(&format!("{name}.{}", index + 1), value);
        }
    }

    /// Appends a list of structures as `name.1.Field`, `name.2.Field`, ….
    pub fn put_struct_list<S: WriteParams>(&mut self, name: &str, values: &[S]) {
        for (index, value) in values.iter().enumerate() {
            value.write_fields(&format!("{name}.{}.", index + 1), self);
        }
    }

    /// Appends one structure as `name.Field`.
    pub fn put_struct<S: WriteParams>(&mut self, name: &str, value: &S) {
        value.write_fields(&format!("{name}."), self);
    }

    /// The value of the first pair called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Removes every pair called `name`.
    pub fn remove(&mut self, name: &str) {
        self.pairs.retain(|(n, _)| n != name);
    }

    /// The pairs, in the order they were added.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// How many pairs there are.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// A value that can be sent as one request parameter.
pub trait ParamValue {
    /// The value as it goes on the wire (before percent-encoding).
    fn to_param(&self) -> Cow<'_, str>;
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for bool {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

display_param!(i32, i64, u32, u64, f64);

/// A structure whose fields are sent as `prefix` + field name.
pub trait WriteParams {
    /// Appends every present field as `{prefix}{FieldName}`.
    fn write_fields(&self, prefix: &str, params: &mut Params);
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item {
        name: String,
        years: Option<i32>,
    }

    impl WriteParams for Item {
        fn write_fields(&self, prefix: &str, params: &mut Params) {
            params.put(&format!("{prefix}InstanceId"), &self.name);
            params.put_opt(&format!("{prefix}Years"), self.years.as_ref());
        }
    }

    #[test]
    fn lists_are_numbered_from_one() {
        let mut params = Params::new();
        params.put_list("InstanceId", &["i-a".to_string(), "i-b".to_string()]);
        let pairs: Vec<_> = params.iter().collect();
        assert_eq!(pairs, [("InstanceId.1", "i-a"), ("InstanceId.2", "i-b")]);
    }

    #[test]
    fn structures_flatten_with_their_index() {
        let mut params = Params::new();
        let items = [
            Item {
                name: "i-a".into(),
                years: Some(1),
            },
            Item {
                name: "i-b".into(),
                years: None,
            },
        ];
        params.put_struct_list("Instance", &items);
        let pairs: Vec<_> = params.iter().collect();
        assert_eq!(
            pairs,
            [
                ("Instance.1.InstanceId", "i-a"),
                ("Instance.1.Years", "1"),
                ("Instance.2.InstanceId", "i-b"),
            ]
        );
    }

    #[test]
    fn scalars_use_their_wire_spelling() {
        let mut params = Params::new();
        params.put("B", &false);
        params.put("L", &1_700_000_000_000_i64);
        params.put("F", &1.5_f64);
        params.put_opt::<String>("Absent", None);
        assert_eq!(params.get("B"), Some("false"));
        assert_eq!(params.get("L"), Some("1700000000000"));
        assert_eq!(params.get("F"), Some("1.5"));
        assert_eq!(params.get("Absent"), None);
        assert_eq!(params.len(), 3);
    }
}
