//! The one XML reader of the project: an XML document as a JSON tree.
//!
//! The runtime reads XML responses through it, and the generator
//! (`codegen/src/lib.rs` compiles this very file as `xml`) reads the XML samples of
//! the pages through it, so that a sample and a real response of the same
//! shape are read alike. It therefore depends on nothing but `quick-xml` and
//! `serde_json`, and on nothing else in this crate.
//!
//! The tree: the root element's content is the top-level object; an element
//! with child elements is an object; repeated children form an array; a leaf
//! is its text (CDATA included); an empty element (`<E/>` or `<E></E>`) is
//! the empty string. Attributes, comments, processing instructions and the
//! declaration are ignored. Reading is iterative and nesting deeper than
//! [`MAX_DEPTH`] is an error, so no document can exhaust the stack (of the
//! reader or of whoever later walks or drops the tree).

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

/// The deepest element nesting accepted, the same limit serde_json applies
/// to JSON.
pub const MAX_DEPTH: usize = 128;

/// An element being read: its name, its child elements and its text.
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

/// Reads an XML document into a tree; the root element's content becomes
/// the top-level value (an object, or an empty object for an empty root).
///
/// The error says what is wrong and, for syntax errors, at which byte.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Value> = None;
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("invalid XML at byte {position}: {e}"))?;
        match event {
            Event::Start(start) => {
                if root.is_some() && stack.is_empty() {
                    return Err("invalid XML: more than one root element".into());
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(format!(
                        "XML nested deeper than {MAX_DEPTH} elements (at byte {position})"
                    ));
                }
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                stack.push(Frame::new(name));
            }
            Event::Empty(start) => {
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                match stack.last_mut() {
                    Some(parent) => parent.add_child(name, Value::String(String::new())),
                    None if root.is_none() => root = Some(Value::Object(Map::new())),
                    None => return Err("invalid XML: more than one root element".into()),
                }
            }
            Event::Text(t) => {
                let unescaped = t
                    .unescape()
                    .map_err(|e| format!("invalid XML text at byte {position}: {e}"))?;
                match stack.last_mut() {
                    Some(frame) => frame.text.push_str(&unescaped),
                    None if unescaped.trim().is_empty() => {}
                    None => return Err("invalid XML: text outside the root element".into()),
                }
            }
            Event::CData(c) => {
                let inner = String::from_utf8_lossy(&c.into_inner()).into_owned();
                match stack.last_mut() {
                    Some(frame) => frame.text.push_str(&inner),
                    None => return Err("invalid XML: text outside the root element".into()),
                }
            }
            Event::End(_) => {
                let frame = stack
                    .pop()
                    .ok_or_else(|| "invalid XML: unexpected closing tag".to_string())?;
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
        return Err(format!(
            "invalid XML: element <{}> is not closed",
            open.name
        ));
    }
    root.ok_or_else(|| "invalid XML: no root element".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn repeated_children_become_arrays() {
        let v = parse(
            r#"<?xml version="1.0" encoding="UTF-8"?>
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
            parse("<Error><Recommend><![CDATA[https://a?b=1&c]]></Recommend><E/><F></F></Error>")
                .unwrap();
        assert_eq!(v, json!({"Recommend": "https://a?b=1&c", "E": "", "F": ""}));
        assert_eq!(parse("<Empty/>").unwrap(), json!({}));
        assert_eq!(parse("<Empty> </Empty>").unwrap(), json!({}));
    }

    #[test]
    fn malformed_documents_are_errors() {
        for bad in [
            "<A><B>1</A>",
            "<A>1</A><B>2</B>",
            "",
            "<A><B>",
            "not xml",
            "<A/><B/>",
            "<![CDATA[x]]>",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let ok = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        let err = parse(&deep).unwrap_err();
        assert!(err.contains("deeper than 128"), "{err}");
    }

    #[test]
    fn very_deep_documents_fail_on_a_small_stack() {
        // 100,000 levels on a 2 MiB stack (a Tokio worker's default).
        let handle = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(|| {
                let deep = "<a>".repeat(100_000) + &"</a>".repeat(100_000);
                parse(&deep).is_err()
            })
            .unwrap();
        assert!(handle.join().unwrap());
    }
}
