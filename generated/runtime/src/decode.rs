//! Turning a response body (JSON or XML) into a typed value.
//!
//! Both formats go through one [`Tree`] so that the lenient rules in
//! [`lenient`](crate::unstable::lenient) apply to them alike. JSON is parsed straight
//! into a tree that borrows the body's text. XML becomes a
//! [`serde_json::Value`] in which every element with children is an object,
//! repeated children form an array, and leaves are strings (see
//! [`xml`](crate::unstable::xml)), and that becomes a tree.

use serde_json::Value;

pub use super::lenient::DecodeError;
use super::lenient::{FromTree, Path, Tree};

/// Decodes a JSON body into `T`.
pub fn from_json<T: FromTree>(body: &[u8]) -> Result<T, DecodeError> {
    from_tree(json_to_tree(body)?)
}

/// Decodes an XML body into `T`; the root element's name is not checked.
pub fn from_xml<T: FromTree>(body: &[u8]) -> Result<T, DecodeError> {
    from_value(xml_to_value(body)?)
}

/// Decodes an already parsed value into `T`; the top level must be an
/// object.
pub fn from_value<T: FromTree>(value: Value) -> Result<T, DecodeError> {
    from_tree(Tree::from(value))
}

/// Decodes an already parsed tree into `T`; the top level must be an object.
pub fn from_tree<T: FromTree>(tree: Tree<'_>) -> Result<T, DecodeError> {
    if !tree.is_object() {
        return Err(DecodeError::new(format!(
            "expected an object at the top level, found {}",
            match tree {
                Tree::Array(_) => "a list",
                Tree::String(_) => "a string",
                Tree::Number(_) => "a number",
                Tree::Bool(_) => "a boolean",
                _ => "null",
            }
        )));
    }
    T::from_tree(tree, &Path::Root)
}

/// Parses a JSON body into a tree that borrows its text.
pub fn json_to_tree(body: &[u8]) -> Result<Tree<'_>, DecodeError> {
    serde_json::from_slice(body).map_err(|e| DecodeError::new(format!("invalid JSON: {e}")))
}

/// Parses an XML document into a tree (see [`xml`](crate::unstable::xml)): the root
/// element's content becomes the top-level object.
pub fn xml_to_value(body: &[u8]) -> Result<Value, DecodeError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| DecodeError::new(format!("XML is not UTF-8: {e}")))?;
    super::xml::parse(text).map_err(DecodeError::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_errors_name_the_field() {
        struct Out;
        impl FromTree for Out {
            fn from_tree(value: Tree<'_>, at: &Path<'_>) -> Result<Self, DecodeError> {
                let mut f = crate::lenient::Fields::new(value, at)?;
                f.scalar::<i32>("Count")?;
                Ok(Out)
            }
        }
        let err = from_json::<Out>(br#"{"Count": "seven"}"#).err().unwrap();
        assert!(err.to_string().contains("at `Count`"), "{err}");
        assert!(err.to_string().contains("\"seven\""), "{err}");
    }

    #[test]
    fn json_top_level_must_be_an_object() {
        let err = from_json::<Value>(b"[1]").unwrap_err();
        assert!(err.to_string().contains("a list"));
        assert!(from_json::<Value>(b"{\"a\":").is_err());
        let err = from_value::<Value>(Value::from("text")).unwrap_err();
        assert!(err.to_string().contains("a string"));
    }

    #[test]
    fn json_and_xml_decode_alike() {
        let json: Value = from_json(br#"{"A": {"B": ["1", "2"]}, "C": "x"}"#).unwrap();
        let xml: Value = from_xml(b"<R><A><B>1</B><B>2</B></A><C>x</C></R>").unwrap();
        assert_eq!(json, xml);
    }
}
