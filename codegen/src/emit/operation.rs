//! One operation's module: input, output, nested types, enums, sample tests;
//! and its client method.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::enums::{emit_enum, is_enum, matches_shared, param_enum, EnumDef};
use super::{doc_attrs, field_docs, format, samples};
use crate::docs;
use crate::model::{Field, Operation, Parameter, Scalar, Type};
use crate::names::{camel, snake};
use crate::product::ProductPage;

/// Names of an operation's main types.
pub struct OpNames {
    pub input: syn::Ident,
    pub output: syn::Ident,
    pub method: syn::Ident,
    pub module: syn::Ident,
}

pub fn op_names(op: &Operation) -> OpNames {
    let base = camel(&op.name);
    OpNames {
        input: format_ident!("{}Input", base),
        output: format_ident!("{}Output", base),
        method: format_ident!("{}", snake(&op.name)),
        module: format_ident!("{}", snake(&op.name)),
    }
}

fn scalar_type(s: Scalar) -> TokenStream {
    match s {
        Scalar::String => quote!(::std::string::String),
        Scalar::Integer => quote!(i32),
        Scalar::Long => quote!(i64),
        Scalar::Boolean => quote!(bool),
        Scalar::Float => quote!(f64),
    }
}

/// Type names declared in one operation module.
struct Scope {
    used: BTreeSet<String>,
    items: Vec<TokenStream>,
    helpers: Vec<TokenStream>,
    lists: Vec<super::paginator::ListElement>,
}

impl Scope {
    /// A fresh type name based on `wanted`, prefixed by `parent` on collision.
    /// A fresh name for a request-side type: `{Name}Param` when a response
    /// type already has the plain name.
    fn claim_param(&mut self, wanted: &str, parent: &str) -> String {
        if self.used.contains(&camel(wanted)) {
            self.claim(&format!("{wanted}Param"), parent)
        } else {
            self.claim(wanted, parent)
        }
    }

    fn claim(&mut self, wanted: &str, parent: &str) -> String {
        let mut name = camel(wanted);
        if self.used.contains(&name) {
            name = format!("{parent}{name}");
        }
        let base = name.clone();
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }
}

/// The Rust type of a parameter's value, declaring enums and structs as needed.
fn param_value_type(
    p: &Parameter,
    parent: &str,
    scope: &mut Scope,
    shared: &BTreeMap<String, EnumDef>,
) -> TokenStream {
    match &p.ty {
        Type::Scalar(s) if is_enum(&p.ty, &p.allowed_values) => {
            if let Some(def) = shared.get(&p.wire_name).filter(|d| matches_shared(d, p)) {
                let name = format_ident!("{}", def.name);
                return quote!(crate::types::#name);
            }
            let _ = s;
            let name = scope.claim_param(&p.wire_name, parent);
            scope.items.push(emit_enum(&param_enum(&name, p)));
            let ident = format_ident!("{}", name);
            quote!(#ident)
        }
        Type::Scalar(s) | Type::ScalarList(s) => scalar_type(*s),
        Type::Struct | Type::StructList => {
            let name = scope.claim_param(&p.wire_name, parent);
            let mut doc = docs::render(&p.description);
            if doc.is_empty() {
                doc = format!("One `{}` structure.", p.wire_name);
            }
            let wire = &p.wire_name;
            doc.push_str(&match p.ty {
                Type::StructList => format!("\n\nSent as `{wire}.1.Field`, `{wire}.2.Field`, …"),
                _ => format!("\n\nSent as `{wire}.Field`."),
            });
            let item = input_struct(&name, None, &p.fields, &doc, scope, shared);
            scope.items.push(item);
            let ident = format_ident!("{}", name);
            quote!(#ident)
        }
    }
}

struct InputField {
    ident: syn::Ident,
    wire: String,
    value_ty: TokenStream,
    param: Parameter,
}

/// A request structure: the operation's input (with `action`) or a nested
/// structure sent as `Name.N.Field`.
fn input_struct(
    name: &str,
    action: Option<(&Operation, &ProductPage)>,
    params: &[Parameter],
    doc: &str,
    scope: &mut Scope,
    shared: &BTreeMap<String, EnumDef>,
) -> TokenStream {
    let ident = format_ident!("{}", name);
    let mut fields = Vec::new();
    let mut field_names = BTreeSet::new();
    for p in params {
        let mut fname = snake(&p.wire_name);
        while !field_names.insert(fname.clone()) {
            fname.push('_');
        }
        fields.push(InputField {
            ident: format_ident!("{}", fname),
            wire: p.wire_name.clone(),
            value_ty: param_value_type(p, name, scope, shared),
            param: p.clone(),
        });
    }
    let is_list = |f: &InputField| matches!(f.param.ty, Type::ScalarList(_) | Type::StructList);
    let stored = |f: &InputField| {
        let v = &f.value_ty;
        if is_list(f) {
            quote!(::std::vec::Vec<#v>)
        } else if f.param.required {
            quote!(#v)
        } else {
            quote!(::std::option::Option<#v>)
        }
    };
    let decls = fields.iter().map(|f| {
        let i = &f.ident;
        let t = stored(f);
        quote!(#i: #t)
    });

    // Constructor: required parameters in page order.
    let required: Vec<&InputField> = fields.iter().filter(|f| f.param.required).collect();
    let args = required.iter().map(|f| {
        let i = &f.ident;
        let v = &f.value_ty;
        if is_list(f) {
            quote!(#i: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#v>>)
        } else {
            quote!(#i: impl ::std::convert::Into<#v>)
        }
    });
    let inits = fields.iter().map(|f| {
        let i = &f.ident;
        match (f.param.required, is_list(f)) {
            (true, true) => quote!(#i: #i.into_iter().map(::std::convert::Into::into).collect()),
            (true, false) => quote!(#i: #i.into()),
            (false, true) => quote!(#i: ::std::vec::Vec::new()),
            (false, false) => quote!(#i: ::std::option::Option::None),
        }
    });
    let mut new_doc = format!("Creates a `{name}`");
    if required.is_empty() {
        new_doc.push_str("; every parameter is optional and set with the methods below.");
    } else {
        new_doc.push_str(" with its required parameters:\n");
        for f in &required {
            let summary = first_sentence(&docs::render(&f.param.description));
            new_doc.push_str(&format!("\n- `{}` (`{}`): {}", f.ident, f.wire, summary));
        }
    }
    let new_doc = doc_attrs(&new_doc);
    // Required parameters are arguments so that leaving one out does not
    // compile; some operations have many.
    let allow_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));

    // Setters for optional parameters, getters for all.
    let setters = fields.iter().filter(|f| !f.param.required).map(|f| {
        let i = &f.ident;
        let v = &f.value_ty;
        let set = format_ident!("set_{}", f.ident.to_string().trim_end_matches('_'));
        let doc = doc_attrs(&format!(
            "Sets `{}`.\n\n{}",
            f.wire,
            field_docs(&f.param.description, f.param.example.as_deref())
        ));
        let set_doc = format!(" Sets or clears `{}`; see [`{}`](Self::{}).", f.wire, f.ident, f.ident);
        if is_list(f) {
            quote! {
                #doc
                pub fn #i(mut self, #i: impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#v>>) -> Self {
                    self.#i = #i.into_iter().map(::std::convert::Into::into).collect();
                    self
                }
                #[doc = #set_doc]
                pub fn #set(mut self, #i: ::std::vec::Vec<#v>) -> Self {
                    self.#i = #i;
                    self
                }
            }
        } else {
            quote! {
                #doc
                pub fn #i(mut self, #i: impl ::std::convert::Into<#v>) -> Self {
                    self.#i = ::std::option::Option::Some(#i.into());
                    self
                }
                #[doc = #set_doc]
                pub fn #set(mut self, #i: ::std::option::Option<#v>) -> Self {
                    self.#i = #i;
                    self
                }
            }
        }
    });
    let getters = fields.iter().map(|f| {
        let i = &f.ident;
        let get = format_ident!("get_{}", f.ident.to_string().trim_end_matches('_'));
        let v = &f.value_ty;
        let doc = format!(" The `{}` parameter.", f.wire);
        let copy = matches!(f.param.ty, Type::Scalar(s) if s != Scalar::String)
            && !is_enum(&f.param.ty, &f.param.allowed_values);
        let string = matches!(f.param.ty, Type::Scalar(Scalar::String))
            && !is_enum(&f.param.ty, &f.param.allowed_values);
        let (ret, body) = match (is_list(f), f.param.required, copy, string) {
            (true, _, _, _) => (quote!(&[#v]), quote!(&self.#i)),
            (false, true, true, _) => (quote!(#v), quote!(self.#i)),
            (false, true, false, true) => (quote!(&str), quote!(&self.#i)),
            (false, true, false, false) => (quote!(&#v), quote!(&self.#i)),
            (false, false, true, _) => (quote!(::std::option::Option<#v>), quote!(self.#i)),
            (false, false, false, true) => (
                quote!(::std::option::Option<&str>),
                quote!(self.#i.as_deref()),
            ),
            (false, false, false, false) => {
                (quote!(::std::option::Option<&#v>), quote!(self.#i.as_ref()))
            }
        };
        quote! {
            #[doc = #doc]
            pub fn #get(&self) -> #ret {
                #body
            }
        }
    });

    // Writing the parameters.
    let writes: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let i = &f.ident;
            let wire = &f.wire;
            let name = if action.is_some() {
                quote!(#wire)
            } else {
                quote!(&::std::format!("{prefix}{}", #wire))
            };
            match (&f.param.ty, f.param.required) {
                (Type::ScalarList(_), _) => quote!(params.put_list(#name, &self.#i);),
                (Type::StructList, _) => quote!(params.put_struct_list(#name, &self.#i);),
                (Type::Struct, true) => quote!(params.put_struct(#name, &self.#i);),
                (Type::Struct, false) => quote! {
                    if let ::std::option::Option::Some(value) = &self.#i {
                        params.put_struct(#name, value);
                    }
                },
                (Type::Scalar(_), true) => quote!(params.put(#name, &self.#i);),
                (Type::Scalar(_), false) => quote!(params.put_opt(#name, self.#i.as_ref());),
            }
        })
        .collect();
    let params_ident = if fields.is_empty() {
        quote!(_params)
    } else {
        quote!(params)
    };
    let write_impl = match action {
        Some((op, _)) => {
            let wire = &op.name;
            let output = op_names(op).output;
            let kind = match op.kind {
                crate::model::OperationKind::ReadOnly => format_ident!("ReadOnly"),
                crate::model::OperationKind::Mutating => format_ident!("Mutating"),
            };
            quote! {
                impl crate::runtime::Operation for #ident {
                    const ACTION: &'static str = #wire;
                    const KIND: crate::runtime::OperationKind = crate::runtime::OperationKind::#kind;
                    type Output = #output;

                    fn write_params(&self, #params_ident: &mut crate::runtime::Params) {
                        #(#writes)*
                    }
                }
            }
        }
        None => {
            let prefix = if fields.is_empty() {
                quote!(_prefix)
            } else {
                quote!(prefix)
            };
            quote! {
                impl crate::runtime::WriteParams for #ident {
                    fn write_fields(&self, #prefix: &str, #params_ident: &mut crate::runtime::Params) {
                        #(#writes)*
                    }
                }
            }
        }
    };

    let doc = doc_attrs(doc);
    let derive_default = required.is_empty().then(|| quote!(Default,));
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #ident {
            #(#decls,)*
        }

        impl #ident {
            #new_doc
            #allow_many
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits,)*
                }
            }

            #(#setters)*
            #(#getters)*
        }

        #write_impl
    }
}

fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    match line.find(". ") {
        Some(i) => line[..=i].to_string(),
        None => line.to_string(),
    }
}

fn lower_camel(wire: &str) -> String {
    let mut c = wire.chars();
    match c.next() {
        Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// A response structure: the output, or a nested object or list item.
fn output_struct(name: &str, fields: &[Field], doc: &str, scope: &mut Scope) -> TokenStream {
    let ident = format_ident!("{}", name);
    let mut names = BTreeSet::new();
    let decls: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let mut fname = snake(&f.wire_name);
            while !names.insert(fname.clone()) {
                fname.push('_');
            }
            let fident = format_ident!("{}", fname);
            let wire = &f.wire_name;
            let alias = lower_camel(wire);
            let alias = (alias != *wire).then(|| quote!(alias = #alias,));
            let doc = doc_attrs(&field_docs(&f.description, f.example.as_deref()));
            let (ty, de) = match &f.ty {
                Type::Scalar(s) => {
                    let t = if is_enum(&f.ty, &f.allowed_values) {
                        let en = scope.claim(&f.wire_name, name);
                        scope.items.push(emit_enum(&EnumDef {
                            name: en.clone(),
                            doc: format!("Values of the `{}` field.", f.wire_name),
                            values: f.allowed_values.clone(),
                            default: None,
                        }));
                        let en = format_ident!("{}", en);
                        quote!(#en)
                    } else {
                        scalar_type(*s)
                    };
                    (quote!(::std::option::Option<#t>), "crate::runtime::lenient::scalar".to_string())
                }
                Type::Struct => {
                    let sname = scope.claim(&f.wire_name, name);
                    let item = output_struct(&sname, &f.fields, &docs::render(&f.description), scope);
                    scope.items.push(item);
                    let s = format_ident!("{}", sname);
                    (quote!(::std::option::Option<#s>), "crate::runtime::lenient::object".to_string())
                }
                Type::ScalarList(_) | Type::StructList if f.item_name.is_none() => {
                    let (t, de) = element_type(f, *s_or_string(&f.ty), name, scope);
                    scope.lists.push((name.to_string(), f.wire_name.clone(), t.clone()));
                    (quote!(::std::vec::Vec<#t>), de.to_string())
                }
                Type::ScalarList(_) | Type::StructList => {
                    let item = f.item_name.clone().unwrap_or_default();
                    let (t, de) = element_type(f, *s_or_string(&f.ty), name, scope);
                    scope.lists.push((name.to_string(), f.wire_name.clone(), t.clone()));
                    let wrapped = if de.ends_with("struct_list") {
                        quote!(crate::runtime::lenient::wrapped_struct_list)
                    } else {
                        quote!(crate::runtime::lenient::wrapped_scalar_list)
                    };
                    let helper = format_ident!("deserialize_{}_{}", snake(name).trim_end_matches('_'), fname.trim_end_matches('_'));
                    let doc = format!(" Reads `{wire}`: a list of `{item}` inside a `{wire}` object.");
                    scope.helpers.push(quote! {
                        #[doc = #doc]
                        fn #helper<'de, D>(deserializer: D) -> ::std::result::Result<::std::vec::Vec<#t>, D::Error>
                        where
                            D: ::serde::Deserializer<'de>,
                        {
                            #wrapped(deserializer, #item)
                        }
                    });
                    (quote!(::std::vec::Vec<#t>), helper.to_string())
                }
            };
            quote! {
                #doc
                #[serde(rename = #wire, #alias default, deserialize_with = #de)]
                pub #fident: #ty
            }
        })
        .collect();
    let doc = doc_attrs(doc);
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #ident {
            #(#decls,)*
        }
    }
}

fn s_or_string(ty: &Type) -> &Scalar {
    match ty {
        Type::ScalarList(s) | Type::Scalar(s) => s,
        _ => &Scalar::String,
    }
}

/// The element type of a list field and the plain (unwrapped) deserializer.
fn element_type(
    f: &Field,
    s: Scalar,
    parent: &str,
    scope: &mut Scope,
) -> (TokenStream, &'static str) {
    match f.ty {
        Type::StructList => {
            let wanted = f.item_name.clone().unwrap_or_else(|| f.wire_name.clone());
            let sname = scope.claim(&wanted, parent);
            let item = output_struct(&sname, &f.fields, &docs::render(&f.description), scope);
            scope.items.push(item);
            let s = format_ident!("{}", sname);
            (quote!(#s), "crate::runtime::lenient::struct_list")
        }
        _ => (scalar_type(s), "crate::runtime::lenient::scalar_list"),
    }
}

/// The whole module of one operation.
pub fn emit_operation(
    op: &Operation,
    shared: &BTreeMap<String, EnumDef>,
    settings: &ProductPage,
) -> String {
    let names = op_names(op);
    let mut scope = Scope {
        used: [names.input.to_string(), names.output.to_string()]
            .into_iter()
            .collect(),
        items: Vec::new(),
        helpers: Vec::new(),
        lists: Vec::new(),
    };
    let summary = docs::render(&op.summary);
    let description = docs::render(&op.description);
    let method = &names.method;
    let mut input_doc = format!(
        "The request of `{}`: {summary}\n\nSend it with [`Client::{method}`](crate::Client::{method}).",
        op.name
    );
    if !description.is_empty() {
        input_doc.push_str("\n\n");
        input_doc.push_str(&description);
    }
    input_doc.push_str(&usage_doctests(op, settings));
    // Response types claim their names first: users match on them, so a
    // response enum gets the plain name and a colliding request one is
    // suffixed `Param`.
    let output_doc = format!(
        "The response of `{}`, returned by [`Client::{method}`](crate::Client::{method}).",
        op.name
    );
    let output = output_struct(
        &names.output.to_string(),
        &op.response,
        &output_doc,
        &mut scope,
    );
    let input = input_struct(
        &names.input.to_string(),
        Some((op, settings)),
        &op.request,
        &input_doc,
        &mut scope,
        shared,
    );
    let module_doc = super::inner_doc_attrs(&format!("`{}`: {summary}", op.name));
    let items = &scope.items;
    let helpers = &scope.helpers;
    let tests = samples::sample_tests(op, &names.output);
    let paginator = super::paginator::emit_paginator(op, &names, &scope.lists);
    format(quote! {
        #module_doc
        #input
        #paginator
        #output
        #(#items)*
        #(#helpers)*
        #tests
    })
}

fn usage_doctests(op: &Operation, settings: &ProductPage) -> String {
    let names = op_names(op);
    let krate = &settings.crate_name;
    let module = names.module.to_string();
    let input = names.input.to_string();
    let required: Vec<&Parameter> = op.request.iter().filter(|p| p.required).collect();
    if required.is_empty()
        || required
            .iter()
            .any(|p| !matches!(p.ty, Type::Scalar(_) | Type::ScalarList(_)))
    {
        return String::new();
    }
    let arg = |p: &Parameter| -> String {
        let example = p.example.clone().unwrap_or_default();
        let literal = |s: Scalar, e: &str| match s {
            Scalar::String => format!("{e:?}"),
            Scalar::Integer | Scalar::Long => e
                .parse::<i64>()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "1".into()),
            Scalar::Float => e
                .parse::<f64>()
                .map(|n| format!("{n:?}"))
                .unwrap_or_else(|_| "1.0".into()),
            Scalar::Boolean => e
                .parse::<bool>()
                .map(|b| b.to_string())
                .unwrap_or_else(|_| "true".into()),
        };
        match &p.ty {
            Type::Scalar(s) if is_enum(&p.ty, &p.allowed_values) => {
                let v = p
                    .allowed_values
                    .first()
                    .map(|v| v.value.clone())
                    .unwrap_or_default();
                let _ = s;
                format!("{v:?}")
            }
            Type::Scalar(s) => literal(*s, &example),
            Type::ScalarList(s) => format!("[{}]", literal(*s, &example)),
            _ => String::new(),
        }
    };
    let all: Vec<String> = required.iter().map(|p| arg(p)).collect();
    let missing: Vec<String> = required.iter().skip(1).map(|p| arg(p)).collect();
    let first = &required[0].wire_name;
    format!(
        "\n\n# Example\n\nRequired parameters are arguments of [`new`]({input}::new):\n\n```\nuse {krate}::operation::{module}::{input};\n\nlet input = {input}::new({});\n```\n\nLeaving out `{first}` does not compile:\n\n```compile_fail\nuse {krate}::operation::{module}::{input};\n\nlet input = {input}::new({});\n```",
        all.join(", "),
        missing.join(", ")
    )
}

/// The client method of one operation.
pub fn client_method(op: &Operation) -> TokenStream {
    let names = op_names(op);
    let OpNames {
        input,
        output,
        method,
        module,
        ..
    } = &names;
    let summary = docs::render(&op.summary);
    let mut doc = format!(
        "Calls `{}`: {summary}\n\nBuild the request with [`{input}::new`](crate::operation::{module}::{input}::new) and its setters.\n\n# Errors\n\nReturns [`Error`](crate::Error) when the request cannot be signed or sent, when the service answers with an error (its code, message and request id are kept), or when the response cannot be decoded.",
        op.name
    );
    // An operation that answers with a task number queues work: say so, as
    // a blind retry can queue it twice.
    if op.response.iter().any(|f| f.wire_name == "TaskNo") {
        doc.push_str("\n\nThis operation submits a task and returns its `TaskNo`; it has no idempotency token, so a retry after a timeout can submit the task twice.");
    }
    doc.push_str(&super::paginator::client_doc_note(op, &names).unwrap_or_default());
    // Parameters the page places in the body travel in a form body.
    let body: Vec<&str> = op
        .request
        .iter()
        .filter(|p| {
            p.position.as_deref().is_some_and(|pos| {
                matches!(
                    pos.to_ascii_lowercase().as_str(),
                    "body" | "formdata" | "form"
                )
            })
        })
        .map(|p| p.wire_name.as_str())
        .collect();
    let send = if body.is_empty() {
        quote!(self.send(&input).await)
    } else {
        quote!(self.send_with_form_fields(&input, &[#(#body),*]).await)
    };
    let doc = doc_attrs(&doc);
    quote! {
        #doc
        pub async fn #method(
            &self,
            input: crate::operation::#module::#input,
        ) -> ::std::result::Result<crate::operation::#module::#output, crate::Error> {
            #send
        }
    }
}
