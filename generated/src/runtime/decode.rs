//! Turning a response body (JSON or XML) into a typed value.
//!
//! Both formats go through one [`serde_json::Value`] tree so that the lenient
//! rules in [`de`](super::de) apply to them alike. XML becomes a tree in which
//! every element with children is an object, repeated children form an array,
//! and leaves are strings.

use quick_xml::events::Event;
use quick_xml::Reader;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Why a body could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(String);

impl DecodeError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// Decodes a JSON body into `T`.
pub fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| DecodeError::new(format!("invalid JSON: {e}")))?;
    from_value(value)
}

/// Decodes an XML body into `T`; the root element's name is not checked.
pub fn from_xml<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    from_value(xml_to_value(body)?)
}

/// Decodes an already parsed tree into `T`.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, DecodeError> {
    if !value.is_object() {
        return Err(DecodeError::new(format!(
            "expected an object at the top level, found {}",
            match value {
                Value::Array(_) => "a list",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "null",
            }
        )));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            DecodeError::new(format!("unexpected shape: {}", e.inner()))
        } else {
            DecodeError::new(format!("unexpected shape at `{path}`: {}", e.inner()))
        }
    })
}

struct Frame {
    name: String,
    children: Map<String, Value>,
    text: String,
}

impl Frame {
    fn new(name: String) -> Self {
        Self {
            name,
            children: Map::new(),
            text: String::new(),
        }
    }

    fn into_value(self) -> Value {
        if self.children.is_empty() {
            Value::String(self.text)
        } else {
            Value::Object(self.children)
        }
    }

    fn add_child(&mut self, name: String, value: Value) {
        match self.children.get_mut(&name) {
            None => {
                self.children.insert(name, value);
            }
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
        }
    }
}

/// Parses an XML document into a tree: the root element's content becomes
/// the top-level object.
pub fn xml_to_value(body: &[u8]) -> Result<Value, DecodeError> {
    let text = std::str::from_utf8(body)
        .map_err(|e| DecodeError::new(format!("XML is not UTF-8: {e}")))?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Value> = None;
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| DecodeError::new(format!("invalid XML at byte {position}: {e}")))?;
        match event {
            Event::Start(start) => {
                if root.is_some() && stack.is_empty() {
                    return Err(DecodeError::new("invalid XML: more than one root element"));
                }
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                stack.push(Frame::new(name));
            }
            Event::Empty(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                match stack.last_mut() {
                    Some(parent) => parent.add_child(name, Value::String(String::new())),
                    None if root.is_none() => root = Some(Value::Object(Map::new())),
                    None => {
                        return Err(DecodeError::new("invalid XML: more than one root element"))
                    }
                }
            }
            Event::Text(t) => {
                let unescaped = t
                    .unescape()
                    .map_err(|e| DecodeError::new(format!("invalid XML text: {e}")))?;
                match stack.last_mut() {
                    Some(frame) => frame.text.push_str(&unescaped),
                    None if unescaped.trim().is_empty() => {}
                    None => {
                        return Err(DecodeError::new(
                            "invalid XML: text outside the root element",
                        ))
                    }
                }
            }
            Event::CData(c) => {
                let inner = String::from_utf8_lossy(&c.into_inner()).into_owned();
                if let Some(frame) = stack.last_mut() {
                    frame.text.push_str(&inner);
                }
            }
            Event::End(_) => {
                let frame = stack
                    .pop()
                    .ok_or_else(|| DecodeError::new("invalid XML: unexpected closing tag"))?;
                let name = frame.name.clone();
                let value = frame.into_value();
                match stack.last_mut() {
                    Some(parent) => parent.add_child(name, value),
                    None => {
                        root = Some(match value {
                            Value::String(s) if s.trim().is_empty() => Value::Object(Map::new()),
                            other => other,
                        })
                    }
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(DecodeError::new(format!(
            "invalid XML: element <{}> is not closed",
            open.name
        )));
    }
    root.ok_or_else(|| DecodeError::new("invalid XML: no root element"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn repeated_children_become_arrays() {
        let v = xml_to_value(
            br#"<?xml version="1.0" encoding="UTF-8"?>
            <R><Data><T><N>1</N></T><T><N>2</N></T></Data><Id>x &amp; y</Id></R>"#,
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"Data": {"T": [{"N": "1"}, {"N": "2"}]}, "Id": "x & y"})
        );
    }

    #[test]
    fn cdata_and_empty_elements() {
        let v =
            xml_to_value(b"<Error><Recommend><![CDATA[https://a?b=1&c]]></Recommend><E/></Error>")
                .unwrap();
        assert_eq!(v, json!({"Recommend": "https://a?b=1&c", "E": ""}));
    }

    #[test]
    fn malformed_documents_are_errors() {
        for bad in [
            &b"<A><B>1</A>"[..],
            b"<A>1</A><B>2</B>",
            b"",
            b"<A><B>",
            b"not xml",
        ] {
            assert!(
                xml_to_value(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn shape_errors_name_the_field() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Out {
            #[serde(
                rename = "Count",
                default,
                deserialize_with = "crate::runtime::de::scalar"
            )]
            count: Option<i32>,
        }
        let err = from_json::<Out>(br#"{"Count": "seven"}"#).unwrap_err();
        assert!(err.to_string().contains("at `Count`"), "{err}");
        assert!(err.to_string().contains("\"seven\""), "{err}");
    }

    #[test]
    fn json_top_level_must_be_an_object() {
        let err = from_json::<Value>(b"[1]").unwrap_err();
        assert!(err.to_string().contains("a list"));
        assert!(from_json::<Value>(b"{\"a\":").is_err());
    }
}
