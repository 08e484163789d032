//! Tests generated from the sample responses on a page: each valid sample is
//! decoded into the output type and its top-level values are checked.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use super::enums::is_enum;
use crate::model::{Field, Operation, SampleFormat, Scalar, Type};
use crate::names::snake;

/// Top-level `(key, value)` pairs of a sample, scalars as text, lists as
/// their item count.
enum Leaf {
    Text(String),
    Items(usize),
}

fn leaves(map: &Map<String, Value>, fields: &[Field]) -> Vec<(String, Leaf)> {
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
                let inner = match (&f.item_name, &f.ty, v) {
                    (Some(item), _, Value::Object(m)) if m.contains_key(item) => &m[item],
                    // Scalars cannot be objects: the runtime unwraps a
                    // one-key wrapper the page did not name.
                    (None, Type::ScalarList(_), Value::Object(m)) if m.len() == 1 => {
                        m.values().next().unwrap_or(v)
                    }
                    _ => v,
                };
                let n = match inner {
                    Value::Array(a) => a.len(),
                    Value::Null => 0,
                    Value::String(s) if s.trim().is_empty() => 0,
                    _ => 1,
                };
                out.push((f.wire_name.clone(), Leaf::Items(n)));
            }
            _ => {}
        }
    }
    out
}

/// The sample as a tree: JSON as is, XML as the runtime reads it.
fn sample_tree(format: SampleFormat, text: &str) -> Option<Map<String, Value>> {
    match format {
        SampleFormat::Json => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        },
        SampleFormat::Xml => crate::lower::xml_tree(text),
    }
}

fn assertion(base: &TokenStream, field: &Field, leaf: &Leaf) -> Option<TokenStream> {
    let ident = format_ident!("{}", snake(&field.wire_name));
    match (leaf, &field.ty) {
        (Leaf::Items(n), _) => Some(quote!(assert_eq!(#base.#ident.len(), #n);)),
        (Leaf::Text(t), Type::Scalar(_)) if is_enum(&field.ty, &field.allowed_values) => {
            Some(quote!(assert_eq!(#base.#ident.as_ref().map(|v| v.as_str()), Some(#t));))
        }
        (Leaf::Text(t), Type::Scalar(Scalar::String)) => {
            Some(quote!(assert_eq!(#base.#ident.as_deref(), Some(#t));))
        }
        (Leaf::Text(t), Type::Scalar(Scalar::Integer)) => {
            let n: i32 = t.trim().parse().ok()?;
            Some(quote!(assert_eq!(#base.#ident, Some(#n));))
        }
        (Leaf::Text(t), Type::Scalar(Scalar::Long)) => {
            let n: i64 = t.trim().parse().ok()?;
            Some(quote!(assert_eq!(#base.#ident, Some(#n));))
        }
        (Leaf::Text(t), Type::Scalar(Scalar::Boolean)) => {
            let b: bool = t.trim().parse().ok()?;
            Some(quote!(assert_eq!(#base.#ident, Some(#b));))
        }
        (Leaf::Text(t), Type::Scalar(Scalar::Float)) => {
            let f: f64 = t.trim().parse().ok()?;
            Some(quote!(assert_eq!(#base.#ident, Some(#f));))
        }
        _ => None,
    }
}

/// The first element a list's sample value holds, as the runtime reads it.
fn first_item<'a>(field: &Field, value: &'a Value) -> Option<&'a Map<String, Value>> {
    let inner = match (&field.item_name, value) {
        (Some(item), Value::Object(m)) if m.contains_key(item) => &m[item],
        _ => value,
    };
    match inner {
        Value::Array(items) => items.first()?.as_object(),
        Value::Object(m) => Some(m),
        _ => None,
    }
}

fn get<'a>(map: &'a Map<String, Value>, wire: &str) -> Option<&'a Value> {
    map.get(wire).or_else(|| {
        let mut c = wire.chars();
        let lower = c
            .next()
            .map(|x| x.to_ascii_lowercase().to_string() + c.as_str())?;
        map.get(&lower)
    })
}

/// Assertions on the values of `map` as decoded into `base`, descending into
/// nested objects and the first element of lists.
fn checks(base: &TokenStream, fields: &[Field], map: &Map<String, Value>) -> Vec<TokenStream> {
    let mut out: Vec<TokenStream> = leaves(map, fields)
        .iter()
        .filter_map(|(wire, leaf)| {
            let field = fields.iter().find(|f| &f.wire_name == wire)?;
            assertion(base, field, leaf)
        })
        .collect();
    for field in fields {
        let Some(value) = get(map, &field.wire_name) else {
            continue;
        };
        let ident = format_ident!("{}", snake(&field.wire_name));
        let wire = &field.wire_name;
        match field.ty {
            Type::StructList => {
                let Some(first) = first_item(field, value) else {
                    continue;
                };
                let inner = checks(&quote!(item), &field.fields, first);
                if !inner.is_empty() {
                    out.push(quote! {
                        {
                            let item = &#base.#ident[0];
                            #(#inner)*
                        }
                    });
                }
            }
            Type::Struct => {
                let Some(obj) = value.as_object() else {
                    continue;
                };
                let inner = checks(&quote!(item), &field.fields, obj);
                if !inner.is_empty() {
                    let message = format!("`{wire}` is in the sample");
                    out.push(quote! {
                        {
                            let item = #base.#ident.as_ref().expect(#message);
                            #(#inner)*
                        }
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The `#[cfg(test)]` module for an operation, or nothing without valid samples.
pub fn sample_tests(op: &Operation, output: &syn::Ident) -> TokenStream {
    let tests: Vec<TokenStream> = op
        .samples
        .iter()
        .filter(|s| s.invalid.is_none())
        .map(|sample| {
            let (decode, kind) = match sample.format {
                SampleFormat::Json => (quote!(from_json), "json"),
                SampleFormat::Xml => (quote!(from_xml), "xml"),
            };
            let tree = sample_tree(sample.format, &sample.text).unwrap_or_default();
            let name = format_ident!("sample_{}_response_on_line_{}_decodes", kind, sample.line);
            let checks = checks(&quote!(output), &op.response, &tree);
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
