//! Step 1: what the page's valid samples show, as one tree of places.
//!
//! Every valid JSON sample is merged into one tree (the XML samples when the
//! page has no valid JSON one): a node per object key, with what was seen
//! there. Arrays are transparent: the items of a list are merged into the
//! list's own node, which is marked as a list, so `Data.Domain[].DomainName`
//! is the node `DomainName` under `Domain` under `Data`. A string that holds
//! JSON (`"Tags": "[{\"Key\":…}]"`) is read as the JSON it holds and marked.

use serde_json::Value;

use crate::model::{Sample, SampleFormat, Scalar};

/// A scalar value a sample shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Seen {
    /// A JSON string, or any XML text.
    Text(String),
    /// A JSON number, as written.
    Number(String),
    /// A JSON boolean.
    Bool(bool),
}

/// One place in the samples.
#[derive(Debug, Clone, Default)]
pub(crate) struct Node {
    /// The key, as the first sample showing it spells it (empty for the root).
    pub key: String,
    /// The enclosing node (`None` for the root).
    pub parent: Option<usize>,
    /// Child nodes in sample order.
    pub children: Vec<usize>,
    /// Distance from the root.
    pub depth: usize,
    /// Seen as an object (or a list of objects).
    pub object: bool,
    /// Seen as an array (JSON) or as a repeated element (XML).
    pub list: bool,
    /// Seen as a string holding JSON.
    pub json_string: bool,
    /// Scalar values seen (of the items, for a list).
    pub values: Vec<Seen>,
    /// Whether the samples are XML (which cannot tell numbers from text).
    pub from_xml: bool,
}

/// The merged samples; node 0 is the response object itself.
#[derive(Debug, Clone)]
pub(crate) struct ShapeTree {
    pub nodes: Vec<Node>,
}

/// The value a string holds when it is JSON text of an object or array.
pub(crate) fn json_in_string(s: &str) -> Option<Value> {
    let t = s.trim();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    match serde_json::from_str::<Value>(t) {
        Ok(v @ (Value::Object(_) | Value::Array(_))) => Some(v),
        _ => None,
    }
}

impl ShapeTree {
    /// The tree of the valid JSON samples, or of the valid XML samples when
    /// there is no valid JSON one; `None` without valid samples.
    pub fn from_samples(samples: &[Sample]) -> Option<Self> {
        let valid = |format| {
            samples
                .iter()
                .filter(move |s: &&Sample| s.format == format && s.invalid.is_none())
        };
        let json: Vec<Value> = valid(SampleFormat::Json)
            .filter_map(|s| serde_json::from_str::<Value>(&s.text).ok())
            .filter(Value::is_object)
            .collect();
        let (values, from_xml) = if json.is_empty() {
            let xml: Vec<Value> = valid(SampleFormat::Xml)
                .filter_map(|s| crate::xml::parse(&s.text).ok())
                .filter(Value::is_object)
                .collect();
            (xml, true)
        } else {
            (json, false)
        };
        if values.is_empty() {
            return None;
        }
        let mut tree = Self {
            nodes: vec![Node {
                from_xml,
                ..Node::default()
            }],
        };
        for value in &values {
            tree.merge(0, value);
        }
        Some(tree)
    }

    /// The tree of one JSON value.
    pub fn from_value(value: &Value) -> Self {
        let mut tree = Self {
            nodes: vec![Node::default()],
        };
        tree.merge(0, value);
        tree
    }

    fn child_or_insert(&mut self, at: usize, key: &str) -> usize {
        if let Some(c) = self.child(at, key) {
            return c;
        }
        let id = self.nodes.len();
        let from_xml = self.nodes[at].from_xml;
        self.nodes.push(Node {
            key: key.to_string(),
            parent: Some(at),
            depth: self.nodes[at].depth + 1,
            from_xml,
            ..Node::default()
        });
        self.nodes[at].children.push(id);
        id
    }

    fn merge(&mut self, at: usize, value: &Value) {
        match value {
            Value::Object(map) => {
                self.nodes[at].object = true;
                for (k, v) in map {
                    let child = self.child_or_insert(at, k);
                    self.merge(child, v);
                }
            }
            Value::Array(items) => {
                self.nodes[at].list = true;
                for item in items {
                    self.merge(at, item);
                }
            }
            Value::String(s) => match json_in_string(s) {
                Some(inner) => {
                    self.nodes[at].json_string = true;
                    self.merge(at, &inner);
                }
                None => self.nodes[at].values.push(Seen::Text(s.clone())),
            },
            Value::Number(n) => self.nodes[at].values.push(Seen::Number(n.to_string())),
            Value::Bool(b) => self.nodes[at].values.push(Seen::Bool(*b)),
            Value::Null => {}
        }
    }

    /// The child of `at` whose key equals `key`, ignoring ASCII case
    /// (samples write `requestId` for `RequestId`).
    pub fn child(&self, at: usize, key: &str) -> Option<usize> {
        self.nodes[at]
            .children
            .iter()
            .copied()
            .find(|&c| self.nodes[c].key.eq_ignore_ascii_case(key))
    }

    /// Every node (but the root) whose key is `name`, ignoring ASCII case,
    /// shallowest first.
    pub fn find(&self, name: &str) -> Vec<usize> {
        let mut found: Vec<usize> = (1..self.nodes.len())
            .filter(|&i| self.nodes[i].key.eq_ignore_ascii_case(name))
            .collect();
        found.sort_by_key(|&i| self.nodes[i].depth);
        found
    }

    /// Whether `ancestor` encloses `node` (a node does not enclose itself).
    pub fn encloses(&self, ancestor: usize, node: usize) -> bool {
        let mut at = self.nodes[node].parent;
        while let Some(p) = at {
            if p == ancestor {
                return true;
            }
            at = self.nodes[p].parent;
        }
        false
    }

    /// The only child of an object that wraps a list or an object
    /// (`"Data": {"Domain": [...]}`), when `at` is such a wrapper.
    pub fn wrapped(&self, at: usize) -> Option<usize> {
        let node = &self.nodes[at];
        if node.list || !node.object || !node.values.is_empty() {
            return None;
        }
        match node.children.as_slice() {
            [only] if self.nodes[*only].list || self.nodes[*only].object => Some(*only),
            _ => None,
        }
    }

    /// Whether the node holds scalars only (no object ever).
    pub fn is_scalar(&self, at: usize) -> bool {
        !self.nodes[at].object && !self.nodes[at].values.is_empty()
    }

    /// The scalar type the node's values all fit, judged from JSON types
    /// (`None` when nothing was seen or the values disagree). XML text never
    /// tells, so it gives `None` too.
    pub fn scalar_kind(&self, at: usize) -> Option<Scalar> {
        let node = &self.nodes[at];
        if node.from_xml || node.values.is_empty() {
            return None;
        }
        let mut kind: Option<Scalar> = None;
        for v in &node.values {
            let k = match v {
                Seen::Text(_) => Scalar::String,
                Seen::Bool(_) => Scalar::Boolean,
                Seen::Number(n) if n.parse::<i32>().is_ok() => Scalar::Integer,
                Seen::Number(n) if n.parse::<i64>().is_ok() => Scalar::Long,
                Seen::Number(_) => Scalar::Float,
            };
            kind = Some(match (kind, k) {
                (None, k) => k,
                (Some(a), b) if a == b => a,
                (Some(Scalar::Integer), Scalar::Long) | (Some(Scalar::Long), Scalar::Integer) => {
                    Scalar::Long
                }
                (Some(Scalar::Integer | Scalar::Long), Scalar::Float)
                | (Some(Scalar::Float), Scalar::Integer | Scalar::Long) => Scalar::Float,
                _ => return None,
            });
        }
        kind
    }

    /// The keys from the top down to a node.
    pub fn keys(&self, at: usize) -> Vec<String> {
        let mut keys = Vec::new();
        let mut cur = Some(at);
        while let Some(i) = cur.filter(|&i| i != 0) {
            keys.push(self.nodes[i].key.clone());
            cur = self.nodes[i].parent;
        }
        keys.reverse();
        keys
    }

    /// The node at the end of `keys` (ASCII case ignored), if the samples
    /// show it.
    pub fn at_keys(&self, keys: &[String]) -> Option<usize> {
        keys.iter().try_fold(0, |at, k| self.child(at, k))
    }

    /// The path of a node for messages: `Data.Domain[].DomainName`.
    pub fn path(&self, at: usize) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(at);
        while let Some(i) = cur {
            if i == 0 {
                break;
            }
            let n = &self.nodes[i];
            parts.push(if n.list {
                format!("{}[]", n.key)
            } else {
                n.key.clone()
            });
            cur = n.parent;
        }
        parts.reverse();
        parts.join(".")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_are_transparent_and_items_merge() {
        let t = ShapeTree::from_value(&json!({
            "Data": {"Domain": [{"DomainName": "a.com", "Premium": true}, {"DomainName": "b.com", "Years": 2}]},
            "RequestId": "r"
        }));
        let names = t.find("domainname");
        assert_eq!(names.len(), 1);
        assert_eq!(t.path(names[0]), "Data.Domain[].DomainName");
        let domain = t.find("Domain")[0];
        assert!(t.nodes[domain].list && t.nodes[domain].object);
        assert_eq!(t.nodes[domain].children.len(), 3, "the items' keys merge");
        assert_eq!(t.wrapped(t.find("Data")[0]), Some(domain));
        assert_eq!(t.wrapped(0), None);
        assert!(t.encloses(t.find("Data")[0], names[0]));
        assert!(!t.encloses(names[0], names[0]));
    }

    #[test]
    fn json_held_in_a_string_is_read() {
        let t = ShapeTree::from_value(
            &json!({"Tags": "[{\"Key\": \"k\", \"Value\": \"v\"}]", "Note": "{not json"}),
        );
        let tags = t.find("Tags")[0];
        assert!(t.nodes[tags].json_string && t.nodes[tags].list);
        assert_eq!(t.path(t.find("Key")[0]), "Tags[].Key");
        assert_eq!(
            t.nodes[t.find("Note")[0]].values,
            [Seen::Text("{not json".into())]
        );
    }

    #[test]
    fn scalar_kinds() {
        let t = ShapeTree::from_value(
            &json!({"A": 1, "B": 5000000000i64, "C": [1, 2.5], "D": "x", "E": [true, 1]}),
        );
        let kind = |k: &str| t.scalar_kind(t.find(k)[0]);
        assert_eq!(kind("A"), Some(Scalar::Integer));
        assert_eq!(kind("B"), Some(Scalar::Long));
        assert_eq!(kind("C"), Some(Scalar::Float));
        assert_eq!(kind("D"), Some(Scalar::String));
        assert_eq!(kind("E"), None);
    }

    #[test]
    fn xml_samples_are_used_only_without_json() {
        let sample = |format, text: &str| Sample {
            format,
            text: text.into(),
            line: 1,
            invalid: None,
            disagrees: Vec::new(),
        };
        let xml = sample(
            SampleFormat::Xml,
            "<R><Data><Item><N>1</N></Item><Item><N>2</N></Item></Data></R>",
        );
        let t = ShapeTree::from_samples(std::slice::from_ref(&xml)).unwrap();
        let item = t.find("Item")[0];
        assert!(t.nodes[item].list);
        assert_eq!(
            t.scalar_kind(t.find("N")[0]),
            None,
            "XML cannot tell numbers"
        );
        let json = sample(SampleFormat::Json, r#"{"Data": {"Other": 1}}"#);
        let t = ShapeTree::from_samples(&[xml, json]).unwrap();
        assert!(t.find("Item").is_empty());
        assert_eq!(t.find("Other").len(), 1);
    }
}
