//! Response types: the operation's output and the structures and enums it
//! nests, decoded through the runtime's lenient helpers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::enums::{emit_enum, EnumDef};
use super::{doc_attrs, field_docs, ident, scalar_type, type_ident};
use crate::docs;
use crate::model::{Field, Scalar, Type};

/// How a field is decoded: which lenient helper of `runtime::lenient` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoder {
    /// `Option<T>` from a string, number or boolean.
    Scalar,
    /// `Option<T>` from an object (or any JSON value).
    Object,
    /// `Vec<T>` of scalars: an array, a lone value, or absent.
    ScalarList,
    /// `Vec<T>` of objects: an array, a lone object, or absent.
    StructList,
    /// `Vec<T>` of scalars inside an object keyed by the item name.
    WrappedScalarList(String),
    /// `Vec<T>` of objects inside an object keyed by the item name.
    WrappedStructList(String),
}

impl Decoder {
    /// The decoder of a field.
    pub fn of(field: &Field) -> Self {
        match (&field.ty, &field.item_name) {
            (Type::Scalar(_), _) => Decoder::Scalar,
            (Type::Struct | Type::Any, _) => Decoder::Object,
            (Type::ScalarList(_), None) => Decoder::ScalarList,
            (Type::ScalarList(_), Some(item)) => Decoder::WrappedScalarList(item.clone()),
            (Type::StructList | Type::AnyList, None) => Decoder::StructList,
            (Type::StructList | Type::AnyList, Some(item)) => {
                Decoder::WrappedStructList(item.clone())
            }
        }
    }

    /// The helper's path, for `deserialize_with` (wrapped lists: the path of
    /// the structure's own function that passes the item name).
    fn path(&self, owner: &str, field: &str) -> String {
        match self {
            Decoder::Scalar => "crate::runtime::lenient::scalar".into(),
            Decoder::Object => "crate::runtime::lenient::object".into(),
            Decoder::ScalarList => "crate::runtime::lenient::scalar_list".into(),
            Decoder::StructList => "crate::runtime::lenient::struct_list".into(),
            Decoder::WrappedScalarList(_) | Decoder::WrappedStructList(_) => {
                format!("{owner}::{}", wrapped_fn(field))
            }
        }
    }
}

fn wrapped_fn(field: &str) -> String {
    format!("deserialize_{}", field.trim_end_matches('_'))
}

/// The Rust type of a field's value (without `Option`/`Vec`).
pub fn value_type(field: &Field) -> TokenStream {
    match (&field.ty, &field.type_name) {
        (Type::Any | Type::AnyList, _) => quote!(::serde_json::Value),
        (Type::Scalar(_) | Type::Struct | Type::StructList, Some(name)) => {
            let name = type_ident(name);
            quote!(#name)
        }
        (Type::Scalar(s) | Type::ScalarList(s), _) => scalar_type(*s),
        (Type::Struct | Type::StructList, None) => scalar_type(Scalar::String),
    }
}

fn lower_camel(wire: &str) -> String {
    let mut c = wire.chars();
    match c.next() {
        Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// A response structure and, after it, every type it nests.
pub fn emit_struct(name: &str, fields: &[Field], doc: &str, out: &mut Vec<TokenStream>) {
    let struct_ident = type_ident(name);
    let mut nested = Vec::new();
    let mut wrapped = Vec::new();
    let decls: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let fident = ident(&f.rust_name);
            let wire = &f.wire_name;
            let alias = lower_camel(wire);
            let alias = (alias != *wire).then(|| quote!(alias = #alias,));
            let doc = doc_attrs(&field_docs(&f.description, f.example.as_deref()));
            let value = value_type(f);
            let ty = if f.ty.is_list() {
                quote!(::std::vec::Vec<#value>)
            } else {
                quote!(::std::option::Option<#value>)
            };
            nested_types(f, &mut nested);
            let decoder = Decoder::of(f);
            if let Decoder::WrappedScalarList(item) | Decoder::WrappedStructList(item) = &decoder {
                let helper = format_ident!("{}", wrapped_fn(&f.rust_name));
                let call = match decoder {
                    Decoder::WrappedScalarList(_) => {
                        quote!(crate::runtime::lenient::wrapped_scalar_list)
                    }
                    _ => quote!(crate::runtime::lenient::wrapped_struct_list),
                };
                let doc = format!(" Reads `{wire}`: a list of `{item}` inside a `{wire}` object.");
                wrapped.push(quote! {
                    #[doc = #doc]
                    fn #helper<'de, D>(deserializer: D) -> ::std::result::Result<::std::vec::Vec<#value>, D::Error>
                    where
                        D: ::serde::Deserializer<'de>,
                    {
                        #call(deserializer, #item)
                    }
                });
            }
            let de = decoder.path(name, &f.rust_name);
            quote! {
                #doc
                #[serde(rename = #wire, #alias default, deserialize_with = #de)]
                pub #fident: #ty
            }
        })
        .collect();
    let doc = doc_attrs(doc);
    let helpers = (!wrapped.is_empty()).then(|| {
        quote! {
            impl #struct_ident {
                #(#wrapped)*
            }
        }
    });
    out.push(quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #struct_ident {
            #(#decls,)*
        }

        #helpers
    });
    out.extend(nested);
}

/// The enum or structure a field's value is, if any, with what it nests.
fn nested_types(f: &Field, out: &mut Vec<TokenStream>) {
    let Some(type_name) = &f.type_name else {
        return;
    };
    match &f.ty {
        Type::Scalar(_) if f.is_enum() => out.push(emit_enum(&EnumDef {
            name: type_name.clone(),
            doc: format!("Values of the `{}` field.", f.wire_name),
            values: f.allowed_values.clone(),
            default: None,
        })),
        Type::Struct | Type::StructList => {
            let mut doc = docs::render(&f.description);
            if doc.is_empty() {
                doc = match f.ty {
                    Type::StructList => format!("One element of `{}`.", f.wire_name),
                    _ => format!("The `{}` object.", f.wire_name),
                };
            }
            emit_struct(type_name, &f.fields, &doc, out);
        }
        _ => {}
    }
}
