//! Tests generated from the sample responses on a page: each valid sample is
//! decoded into the output type and its top-level values are checked.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::enums::is_enum;
use crate::model::{Field, Operation, SampleFormat, Scalar, Type};
use crate::names::snake;

/// Top-level `(key, value)` pairs of a sample, scalars as text, lists as
/// their item count.
enum Leaf {
    Text(String),
    Items(usize),
}

fn json_leaves(text: &str, fields: &[Field]) -> Vec<(String, Leaf)> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in fields {
        let lower = {
            let mut c = f.wire_name.chars();
            c.next()
                .map(|x| x.to_ascii_lowercase().to_string() + c.as_str())
                .unwrap_or_default()
        };
        let Some(v) = map.get(&f.wire_name).or_else(|| map.get(&lower)) else {
            continue;
        };
        match (&f.ty, v) {
            (Type::Scalar(_), Value::String(s)) => {
                out.push((f.wire_name.clone(), Leaf::Text(s.clone())))
            }
            (Type::Scalar(_), Value::Number(n)) => {
                out.push((f.wire_name.clone(), Leaf::Text(n.to_string())))
            }
            (Type::Scalar(_), Value::Bool(b)) => {
                out.push((f.wire_name.clone(), Leaf::Text(b.to_string())))
            }
            (Type::ScalarList(_) | Type::StructList, v) => {
                let inner = match (&f.item_name, v) {
                    (Some(item), Value::Object(m)) if m.contains_key(item) => &m[item],
                    _ => v,
                };
                let n = match inner {
                    Value::Array(a) => a.len(),
                    Value::Null => 0,
                    _ => 1,
                };
                out.push((f.wire_name.clone(), Leaf::Items(n)));
            }
            _ => {}
        }
    }
    out
}

/// Leaf elements directly under the root of an XML sample.
fn xml_leaves(text: &str, fields: &[Field]) -> Vec<(String, Leaf)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth = 0usize;
    let mut current: Option<(String, String, bool)> = None;
    let mut found: Vec<(String, String)> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth == 2 {
                    current = Some((
                        String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                        String::new(),
                        true,
                    ));
                } else if depth > 2 {
                    if let Some(c) = current.as_mut() {
                        c.2 = false;
                    }
                }
            }
            Ok(Event::Text(t)) if depth == 2 => {
                if let (Some(c), Ok(s)) = (current.as_mut(), t.unescape()) {
                    c.1.push_str(&s);
                }
            }
            Ok(Event::End(_)) => {
                if depth == 2 {
                    if let Some((name, text, true)) = current.take() {
                        found.push((name, text));
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    fields
        .iter()
        .filter(|f| matches!(f.ty, Type::Scalar(_)))
        .filter_map(|f| {
            let hits: Vec<_> = found.iter().filter(|(n, _)| *n == f.wire_name).collect();
            (hits.len() == 1).then(|| (f.wire_name.clone(), Leaf::Text(hits[0].1.clone())))
        })
        .collect()
}

fn assertion(field: &Field, leaf: &Leaf) -> Option<TokenStream> {
    let ident = format_ident!("{}", snake(&field.wire_name));
    match (leaf, &field.ty) {
        (Leaf::Items(n), _) => Some(quote!(assert_eq!(output.#ident.len(), #n);)),
        (Leaf::Text(t), Type::Scalar(_)) if is_enum(&field.ty, &field.allowed_values) => {
            Some(quote!(assert_eq!(output.#ident.as_ref().map(|v| v.as_str()), Some(#t));))
        }
        (Leaf::Text(t), Type::Scalar(Scalar::String)) => {
            Some(quote!(assert_eq!(output.#ident.as_deref(), Some(#t));))
        }
        (Leaf::Text(t), Type::Scalar(Scalar::Integer)) => {
            let n: i32 = t.trim().parse().ok()?;
            Some(quote!(assert_eq!(output.#ident, Some(#n));))
        }
        (Leaf::Text(t), Type::Scalar(Scalar::Long)) => {
            let n: i64 = t.trim().parse().ok()?;
            Some(quote!(assert_eq!(output.#ident, Some(#n));))
        }
        (Leaf::Text(t), Type::Scalar(Scalar::Boolean)) => {
            let b: bool = t.trim().parse().ok()?;
            Some(quote!(assert_eq!(output.#ident, Some(#b));))
        }
        (Leaf::Text(t), Type::Scalar(Scalar::Float)) => {
            let f: f64 = t.trim().parse().ok()?;
            Some(quote!(assert_eq!(output.#ident, Some(#f));))
        }
        _ => None,
    }
}

/// The `#[cfg(test)]` module for an operation, or nothing without valid samples.
pub fn sample_tests(op: &Operation, output: &syn::Ident) -> TokenStream {
    let tests: Vec<TokenStream> = op
        .samples
        .iter()
        .filter(|s| s.invalid.is_none())
        .map(|sample| {
            let (leaves, decode, kind) = match sample.format {
                SampleFormat::Json => (
                    json_leaves(&sample.text, &op.response),
                    quote!(from_json),
                    "json",
                ),
                SampleFormat::Xml => (
                    xml_leaves(&sample.text, &op.response),
                    quote!(from_xml),
                    "xml",
                ),
            };
            let name = format_ident!("sample_{}_response_on_line_{}_decodes", kind, sample.line);
            let checks: Vec<TokenStream> = leaves
                .iter()
                .filter_map(|(wire, leaf)| {
                    let field = op.response.iter().find(|f| &f.wire_name == wire)?;
                    assertion(field, leaf)
                })
                .collect();
            // Without values to compare, the test still proves the sample decodes.
            let binding = if checks.is_empty() {
                quote!(_output)
            } else {
                quote!(output)
            };
            let text = &sample.text;
            let doc = format!(
                " The {kind} sample response on line {} of `{}`.",
                sample.line, op.source
            );
            quote! {
                #[doc = #doc]
                #[test]
                fn #name() {
                    let #binding: super::#output = crate::runtime::decode::#decode(#text.as_bytes())
                        .expect("the sample response decodes");
                    #(#checks)*
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
