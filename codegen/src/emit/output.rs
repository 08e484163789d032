//! Response types: the operation's output and the structures and enums it
//! nests, decoded through the runtime's lenient helpers.

use proc_macro2::TokenStream;
use quote::quote;

use super::enums::{emit_enum, EnumDef};
use super::{doc_attrs, field_docs, ident, scalar_type, type_ident};
use crate::docs;
use crate::model::{Field, Scalar, Type};

/// How a field is read: which reader of `runtime::lenient::Fields` takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoder {
    /// `Option<T>` from a string, number or boolean.
    Scalar,
    /// `Option<T>` from an object (or any JSON value).
    Object,
    /// `Vec<T>` of scalars, wrapped in an object keyed by the item name
    /// when there is one.
    Scalars(Option<String>),
    /// `Vec<T>` of objects, wrapped in an object keyed by the item name when
    /// there is one.
    List(Option<String>),
}

impl Decoder {
    /// The decoder of a field.
    pub fn of(field: &Field) -> Self {
        match &field.ty {
            Type::Scalar(_) => Decoder::Scalar,
            Type::Struct | Type::Any => Decoder::Object,
            Type::ScalarList(_) => Decoder::Scalars(field.item_name.clone()),
            Type::StructList | Type::AnyList => Decoder::List(field.item_name.clone()),
        }
    }

    /// The call that reads the field with wire name `wire` from `fields`.
    fn read(&self, wire: &str) -> TokenStream {
        let item = |item: &Option<String>| match item {
            Some(i) => quote!(Some(#i)),
            None => quote!(None),
        };
        match self {
            Decoder::Scalar => quote!(fields.scalar(#wire)?),
            Decoder::Object => quote!(fields.object(#wire)?),
            Decoder::Scalars(i) => {
                let i = item(i);
                quote!(fields.scalars(#wire, #i)?)
            }
            Decoder::List(i) => {
                let i = item(i);
                quote!(fields.list(#wire, #i)?)
            }
        }
    }
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

/// A response structure and, after it, every type it nests.
///
/// The structure is read from the parsed body by a `FromTree` impl of one
/// line per field (no serde derive by default: it is what the compiler
/// spends most of a generated crate's build on; the `serde` feature adds
/// one, for users, not for decoding).
pub fn emit_struct(name: &str, fields: &[Field], doc: &str, out: &mut Vec<TokenStream>) {
    let struct_ident = type_ident(name);
    let mut nested = Vec::new();
    let mut decls = Vec::new();
    let mut reads = Vec::new();
    for f in fields {
        let fident = ident(&f.rust_name);
        let doc = doc_attrs(&field_docs(&f.description, f.example.as_deref()));
        let value = value_type(f);
        let ty = if f.ty.is_list() {
            quote!(Vec<#value>)
        } else {
            quote!(Option<#value>)
        };
        nested_types(f, &mut nested);
        let serde = super::serde_attrs::field_attrs(&f.rust_name, &f.wire_name, f.ty.is_list());
        decls.push(quote! {
            #doc
            #serde
            pub #fident: #ty
        });
        let read = Decoder::of(f).read(&f.wire_name);
        reads.push(quote!(#fident: #read));
    }
    let doc = doc_attrs(doc);
    let bind = if fields.is_empty() {
        quote!(crate::runtime::lenient::Fields::new(value, at)?;)
    } else {
        quote!(let mut fields = crate::runtime::lenient::Fields::new(value, at)?;)
    };
    let serde = super::serde_attrs::struct_attrs();
    out.push(quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        #serde
        #[non_exhaustive]
        pub struct #struct_ident {
            #(#decls,)*
        }

        impl crate::runtime::lenient::FromTree for #struct_ident {
            fn from_tree(
                value: crate::runtime::lenient::Tree<'_>,
                at: &crate::runtime::lenient::Path<'_>,
            ) -> Result<Self, crate::runtime::decode::DecodeError> {
                #bind
                Ok(Self {
                    #(#reads,)*
                })
            }
        }
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
