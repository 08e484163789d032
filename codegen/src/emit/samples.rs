//! Tests generated from the sample responses on a page: each valid sample is
//! decoded into the output type and its values are checked, top level,
//! nested objects and the first element of each list.
//!
//! Tests are named by format and index (`sample_json_1_decodes`), not by
//! page line, and samples are written as multi-line raw strings, so that an
//! edit elsewhere on the page changes neither.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use super::{ident, type_ident};
use crate::lower::response::shape::json_in_string;
use crate::model::{Field, Operation, SampleFormat, Scalar, Type};

/// The sample as a tree: JSON as is, XML as the runtime reads it.
fn sample_tree(format: SampleFormat, text: &str) -> Option<Map<String, Value>> {
    let value = match format {
        SampleFormat::Json => serde_json::from_str::<Value>(text).ok()?,
        SampleFormat::Xml => crate::xml::parse(text).ok()?,
    };
    match value {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// A field's sample value, by wire name or its lower-camel spelling.
fn get<'a>(map: &'a Map<String, Value>, wire: &str) -> Option<&'a Value> {
    map.get(wire).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(wire))
            .map(|(_, v)| v)
    })
}

/// The value of a container field, read through JSON text when the sample
/// sends it as a string (as the runtime does).
fn container(value: &Value) -> Value {
    match value {
        Value::String(s) => json_in_string(s).unwrap_or_else(|| value.clone()),
        other => other.clone(),
    }
}

/// The elements of a list field's sample value, as the runtime reads them.
fn elements(field: &Field, value: &Value) -> Vec<Value> {
    let value = container(value);
    let inner = match (&field.item_name, &value) {
        (Some(item), Value::Object(m)) if m.len() == 1 && get(m, item).is_some() => {
            container(get(m, item).unwrap_or(&Value::Null))
        }
        // An unnamed wrapper: a one-key object holding an array.
        (None, Value::Object(m)) if m.len() == 1 && m.values().all(Value::is_array) => {
            m.values().next().cloned().unwrap_or(Value::Null)
        }
        // Scalars cannot be objects: the runtime unwraps any one-key wrapper.
        (None, Value::Object(m)) if m.len() == 1 && matches!(field.ty, Type::ScalarList(_)) => {
            m.values().next().cloned().unwrap_or(Value::Null)
        }
        _ => value,
    };
    match inner {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        Value::String(s) if s.trim().is_empty() => Vec::new(),
        Value::Object(m) if m.is_empty() => Vec::new(),
        other => vec![other],
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The assertion on one scalar field's decoded value, when the sample value
/// is one the type reads exactly.
fn scalar_check(base: &TokenStream, field: &Field, text: &str) -> Option<TokenStream> {
    let i = ident(&field.rust_name);
    let t = text.trim();
    match &field.ty {
        Type::Scalar(_) if field.is_enum() => {
            Some(quote!(assert_eq!(#base.#i.as_ref().map(|v| v.as_str()), Some(#text));))
        }
        Type::Scalar(Scalar::String) => Some(quote!(assert_eq!(#base.#i.as_deref(), Some(#text));)),
        Type::Scalar(Scalar::Integer) => {
            let n: i32 = t.parse().ok()?;
            Some(quote!(assert_eq!(#base.#i, Some(#n));))
        }
        Type::Scalar(Scalar::Long) => {
            let n: i64 = t.parse().ok()?;
            Some(quote!(assert_eq!(#base.#i, Some(#n));))
        }
        Type::Scalar(Scalar::Boolean) => {
            let b = match t.to_ascii_lowercase().as_str() {
                "true" | "1" => true,
                "false" | "0" => false,
                _ => return None,
            };
            Some(quote!(assert_eq!(#base.#i, Some(#b));))
        }
        Type::Scalar(Scalar::Float) => {
            let f: f64 = t.parse().ok()?;
            Some(quote!(assert_eq!(#base.#i, Some(#f));))
        }
        _ => None,
    }
}

/// Assertions on the values of `map` as decoded into `base`, descending into
/// nested objects and the first element of lists.
fn checks(base: &TokenStream, fields: &[Field], map: &Map<String, Value>) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut nested = Vec::new();
    for field in fields {
        let Some(value) = get(map, &field.wire_name) else {
            continue;
        };
        let i = ident(&field.rust_name);
        match &field.ty {
            Type::Scalar(_) => {
                // Empty text decodes as "absent" for non-strings.
                if let Some(text) = scalar_text(value) {
                    let empty = text.trim().is_empty();
                    if !empty || field.ty == Type::Scalar(Scalar::String) {
                        out.extend(scalar_check(base, field, &text));
                    }
                }
            }
            Type::ScalarList(_) | Type::StructList | Type::AnyList => {
                let items = elements(field, value);
                let n = items.len();
                out.push(quote!(assert_eq!(#base.#i.len(), #n);));
                if field.ty == Type::StructList {
                    if let Some(Value::Object(first)) = items.first().map(container) {
                        let inner = checks(&quote!(item), &field.fields, &first);
                        if !inner.is_empty() {
                            nested.push(quote! {
                                {
                                    let item = &#base.#i[0];
                                    #(#inner)*
                                }
                            });
                        }
                    }
                }
            }
            Type::Struct => {
                let Value::Object(obj) = container(value) else {
                    continue;
                };
                let inner = checks(&quote!(item), &field.fields, &obj);
                if !inner.is_empty() {
                    let message = format!("`{}` is in the sample", field.wire_name);
                    nested.push(quote! {
                        {
                            let item = #base.#i.as_ref().expect(#message);
                            #(#inner)*
                        }
                    });
                }
            }
            Type::Any => {
                let message = format!("`{}` is in the sample", field.wire_name);
                if !value.is_null() {
                    out.push(quote!(assert!(#base.#i.is_some(), #message);));
                }
            }
        }
    }
    out.extend(nested);
    out
}

/// `text` as a raw string literal that needs no escaping.
fn raw_string(text: &str) -> Literal {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let h = "#".repeat(hashes);
    format!("r{h}\"{text}\"{h}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// The `#[cfg(test)]` module for an operation, or nothing without valid samples.
pub fn sample_tests(op: &Operation) -> TokenStream {
    let output = type_ident(&op.rust.output);
    let mut counts = [0usize; 2];
    let tests: Vec<TokenStream> = op
        .samples
        .iter()
        .filter(|s| s.invalid.is_none())
        .map(|sample| {
            let (decode, kind, slot) = match sample.format {
                SampleFormat::Json => (quote!(from_json), "json", 0),
                SampleFormat::Xml => (quote!(from_xml), "xml", 1),
            };
            counts[slot] += 1;
            let index = counts[slot];
            let tree = sample_tree(sample.format, &sample.text).unwrap_or_default();
            let name = format_ident!("sample_{}_{}_decodes", kind, index);
            let checks = checks(&quote!(output), &op.response, &tree);
            // Without values to compare, the test still proves the sample decodes.
            let binding = if checks.is_empty() {
                quote!(_output)
            } else {
                quote!(output)
            };
            let text = raw_string(&sample.text);
            // With the `serde` feature, the decoded output also survives a
            // trip through its serde impls unchanged.
            let round_trip = quote! {
                #[cfg(feature = "serde")]
                {
                    let json = ::serde_json::to_string(&#binding).expect("the output serializes");
                    let back: super::#output = ::serde_json::from_str(&json)
                        .expect("the serialized output deserializes");
                    assert_eq!(back, #binding);
                }
            };
            let doc = format!(
                " The {} {kind} sample response of `{}`.",
                ordinal(index),
                op.source
            );
            // A sample that contradicts the table is decoded leniently, as
            // a response would be: what it puts where the table has nothing
            // is ignored, and the fields are checked where the table has them.
            let disagrees: Vec<String> = sample
                .disagrees
                .iter()
                .map(|d| {
                    format!(
                        " The sample disagrees with the response table, which is followed: {}. It is decoded leniently, as a response would be, and its values are checked where the table puts them.",
                        crate::docs::clean_chars(d).replace('\n', " ")
                    )
                })
                .collect();
            let disagrees = disagrees.iter().map(|d| quote!(#[doc = ""] #[doc = #d]));
            quote! {
                #[doc = #doc]
                #(#disagrees)*
                #[test]
                fn #name() {
                    let sample = #text;
                    let #binding: super::#output = crate::runtime::decode::#decode(sample.as_bytes())
                        .expect("the sample response decodes");
                    #(#checks)*
                    #round_trip
                }
            }
        })
        .collect();
    if tests.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[cfg(test)]
        mod tests {
            #(#tests)*
        }
    }
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        n => format!("{n}th"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_strings_need_no_escapes() {
        assert_eq!(raw_string("{\"a\": 1}").to_string(), "r#\"{\"a\": 1}\"#");
        assert_eq!(
            raw_string("say \"#hi\"").to_string(),
            "r##\"say \"#hi\"\"##"
        );
        assert_eq!(raw_string("a\nb").to_string(), "r#\"a\nb\"#");
    }
}
