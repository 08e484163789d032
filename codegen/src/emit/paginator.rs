//! Paginator glue for paged operations.
//!
//! An operation is paged when its request has `PageNum` and `PageSize`
//! (integers) and its response has `NextPage` (a boolean) or `TotalPageNum`
//! (an integer) at the top level. For such an operation the module gets an
//! implementation of `runtime::paginator::Paginated`, of `PaginatedItems`
//! when the response has exactly one top-level list, and an
//! `into_paginator(&Client)` method on the input. The walking itself is the
//! hand-written `runtime::paginator`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, type_ident};
use crate::model::{Field, Operation, Parameter, Scalar, Type};

/// An integer request parameter: its field ident, whether it is required,
/// and whether it is 64-bit.
struct IntParam {
    ident: syn::Ident,
    required: bool,
    long: bool,
}

fn int_param(params: &[Parameter], wire: &str) -> Option<IntParam> {
    let p = params.iter().find(|p| p.wire_name == wire)?;
    let long = match p.ty {
        Type::Scalar(Scalar::Integer) => false,
        Type::Scalar(Scalar::Long) => true,
        _ => return None,
    };
    if p.is_enum() {
        return None;
    }
    Some(IntParam {
        ident: ident(&p.rust_name),
        required: p.required,
        long,
    })
}

fn scalar_field<'a>(
    fields: &'a [Field],
    wire: &str,
    allowed: &[Scalar],
) -> Option<(syn::Ident, &'a Field)> {
    let f = fields.iter().find(|f| f.wire_name == wire)?;
    match f.ty {
        Type::Scalar(s) if allowed.contains(&s) && !f.is_enum() => Some((ident(&f.rust_name), f)),
        _ => None,
    }
}

/// The fields a paged operation pages with.
struct Paging<'a> {
    page_num: IntParam,
    page_size: IntParam,
    next_page: Option<(syn::Ident, &'a Field)>,
    total_pages: Option<(syn::Ident, &'a Field)>,
}

fn paging(op: &Operation) -> Option<Paging<'_>> {
    let page_num = int_param(&op.request, "PageNum")?;
    let page_size = int_param(&op.request, "PageSize")?;
    let next_page = scalar_field(&op.response, "NextPage", &[Scalar::Boolean]);
    let total_pages = scalar_field(
        &op.response,
        "TotalPageNum",
        &[Scalar::Integer, Scalar::Long],
    );
    (next_page.is_some() || total_pages.is_some()).then_some(Paging {
        page_num,
        page_size,
        next_page,
        total_pages,
    })
}

/// A paragraph for the client method's documentation of a paged operation,
/// pointing to its paginator.
pub fn client_doc_note(op: &Operation) -> Option<String> {
    paging(op)?;
    let (input, module) = (&op.rust.input, &op.rust.module);
    Some(format!(
        "\n\nThe operation is paged: [`{input}::into_paginator`](crate::operation::{module}::{input}::into_paginator) walks every page."
    ))
}

/// The paginator glue for `op`, or nothing when the operation is not paged.
pub fn emit_paginator(op: &Operation) -> TokenStream {
    let Some(Paging {
        page_num,
        page_size,
        next_page,
        total_pages,
    }) = paging(op)
    else {
        return TokenStream::new();
    };

    let input = type_ident(&op.rust.input);
    let output = type_ident(&op.rust.output);
    let rt = quote!(crate::runtime::paginator);

    let get_num = {
        let i = &page_num.ident;
        if page_num.required {
            quote!(i64::from(self.#i))
        } else {
            quote!(self.#i.map(i64::from).unwrap_or(1))
        }
    };
    let set_num = {
        let i = &page_num.ident;
        let value = if page_num.required {
            quote!(value)
        } else {
            quote!(Some(value))
        };
        if page_num.long {
            quote! {
                let value = page;
                self.#i = #value;
                true
            }
        } else {
            quote! {
                match i32::try_from(page) {
                    Ok(value) => {
                        self.#i = #value;
                        true
                    }
                    Result::Err(_) => false,
                }
            }
        }
    };
    let get_size = {
        let i = &page_size.ident;
        if page_size.required {
            quote!(Some(i64::from(self.#i)))
        } else {
            quote!(self.#i.map(i64::from))
        }
    };
    let (next_param, next_body) = match &next_page {
        Some((i, _)) => (quote!(output), quote!(output.#i)),
        None => (quote!(_output), quote!(None)),
    };
    let (total_param, total_body) = match &total_pages {
        Some((i, _)) => (quote!(output), quote!(output.#i.map(i64::from))),
        None => (quote!(_output), quote!(None)),
    };

    // The response's one list, if it has exactly one at the top level.
    let top_lists: Vec<&Field> = op.response.iter().filter(|f| f.ty.is_list()).collect();
    let single = match top_lists.as_slice() {
        [field] => Some((
            ident(&field.rust_name),
            *field,
            super::output::value_type(field),
        )),
        _ => None,
    };
    let (len_param, len_body) = match &single {
        Some((i, _, _)) => (quote!(output), quote!(Some(output.#i.len()))),
        None => (quote!(_output), quote!(None)),
    };
    let items_impl = single.as_ref().map(|(i, _, ty)| {
        quote! {
            impl #rt::PaginatedItems for #input {
                type Item = #ty;

                fn page_items(output: #output) -> Vec<#ty> {
                    output.#i
                }
            }
        }
    });

    let mut stops = Vec::new();
    if next_page.is_some() {
        stops.push("a page says `NextPage=false`".to_string());
    }
    if total_pages.is_some() {
        stops.push("the page numbered `TotalPageNum` has been fetched".to_string());
    }
    if single.is_some() {
        stops.push("a page is empty".to_string());
    }
    stops.push(
        "`max_pages` pages (default [`DEFAULT_MAX_PAGES`](crate::runtime::paginator::DEFAULT_MAX_PAGES)) have been fetched"
            .to_string(),
    );
    let mut doc = format!(
        "Walks the pages of `{}`, starting at this input's `PageNum` and sending its other parameters with every page.\n\n[`send`](crate::runtime::paginator::Paginator::send) streams the pages",
        op.name
    );
    if let Some((_, field, _)) = &single {
        doc.push_str(&format!(
            "; [`items`](crate::runtime::paginator::Paginator::items) streams the elements of every page's `{}`",
            field.wire_name
        ));
    }
    doc.push_str(&format!(
        ". Walking stops after an error, or when {}.",
        join_or(&stops)
    ));
    let doc = super::doc_attrs(&doc);
    quote! {
        impl #input {
            #doc
            pub fn into_paginator(self, client: &crate::Client) -> #rt::Paginator<Self> {
                #rt::Paginator::new(client, self)
            }
        }

        impl #rt::Paginated for #input {
            fn page_num(&self) -> i64 {
                #get_num
            }

            fn set_page_num(&mut self, page: i64) -> bool {
                #set_num
            }

            fn page_size(&self) -> Option<i64> {
                #get_size
            }

            fn next_page(#next_param: &#output) -> Option<bool> {
                #next_body
            }

            fn total_page_num(#total_param: &#output) -> Option<i64> {
                #total_body
            }

            fn page_len(#len_param: &#output) -> Option<usize> {
                #len_body
            }
        }

        #items_impl
    }
}

fn join_or(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}, or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Api, Product, RustNames};

    fn param(name: &str, ty: Type, required: bool) -> Parameter {
        Parameter {
            wire_name: name.into(),
            rust_name: String::new(),
            ty,
            type_name: None,
            shared: false,
            required,
            position: None,
            json: false,
            example: None,
            description: String::new(),
            allowed_values: Vec::new(),
            default: None,
            line: 1,
            fields: Vec::new(),
            builder: None,
            state: None,
        }
    }

    fn field(name: &str, ty: Type) -> Field {
        Field {
            wire_name: name.into(),
            rust_name: String::new(),
            ty,
            type_name: None,
            item_name: None,
            example: None,
            description: String::new(),
            allowed_values: Vec::new(),
            line: 1,
            fields: Vec::new(),
        }
    }

    /// The operation, with its names decided as the pipeline does.
    fn op(request: Vec<Parameter>, response: Vec<Field>) -> Operation {
        let op = Operation {
            name: "ListThings".into(),
            rust: RustNames::default(),
            source: "ListThings.md".into(),
            line: 1,
            kind: crate::model::OperationKind::ReadOnly,
            kind_source: crate::model::KindSource::Name,
            summary: String::new(),
            description: String::new(),
            request,
            response,
            samples: Vec::new(),
            errors: Vec::new(),
        };
        let mut api = Api {
            product: Product {
                source: String::new(),
                code: String::new(),
                version: String::new(),
                default_endpoint: String::new(),
                regional_endpoints: Vec::new(),
            },
            operations: vec![op],
            shared_enums: Vec::new(),
            skipped: Vec::new(),
        };
        crate::naming::assign(&mut api, &[], &mut Vec::new());
        api.operations.remove(0)
    }

    fn glue(op: &Operation) -> String {
        let tokens = emit_paginator(op);
        if tokens.is_empty() {
            return String::new();
        }
        crate::emit::format(tokens)
    }

    #[test]
    fn a_paged_operation_with_one_list_gets_items() {
        let op = op(
            vec![
                param("PageNum", Type::Scalar(Scalar::Integer), true),
                param("PageSize", Type::Scalar(Scalar::Integer), true),
            ],
            vec![
                field("NextPage", Type::Scalar(Scalar::Boolean)),
                field("Data", Type::StructList),
            ],
        );
        let code = glue(&op);
        assert!(code.contains("pub fn into_paginator("), "{code}");
        assert!(code.contains("impl crate::runtime::paginator::PaginatedItems for ListThingsInput"));
        assert!(code.contains("type Item = Data;"), "{code}");
        assert!(code.contains("Some(output.data.len())"));
        assert!(code.contains("output.next_page"));
        assert!(code.contains("i32::try_from(page)"));
    }

    #[test]
    fn optional_long_page_numbers_and_two_lists() {
        let op = op(
            vec![
                param("PageNum", Type::Scalar(Scalar::Long), false),
                param("PageSize", Type::Scalar(Scalar::Integer), false),
            ],
            vec![
                field("TotalPageNum", Type::Scalar(Scalar::Long)),
                field("Good", Type::ScalarList(Scalar::String)),
                field("Bad", Type::ScalarList(Scalar::String)),
            ],
        );
        let code = glue(&op);
        assert!(code.contains("impl crate::runtime::paginator::Paginated for ListThingsInput"));
        assert!(!code.contains("PaginatedItems"), "{code}");
        assert!(code.contains("self.page_num.map(i64::from).unwrap_or(1)"));
        assert!(code.contains("self.page_num = Some(value);"));
        assert!(code.contains("self.page_size.map(i64::from)"));
        assert!(code.contains("fn next_page(_output: &ListThingsOutput)"));
        assert!(code.contains("fn page_len(_output: &ListThingsOutput)"));
    }

    #[test]
    fn operations_that_are_not_paged_get_nothing() {
        let request = vec![
            param("PageNum", Type::Scalar(Scalar::Integer), true),
            param("PageSize", Type::Scalar(Scalar::Integer), true),
        ];
        // No NextPage or TotalPageNum.
        let no_marker = op(request.clone(), vec![field("Data", Type::StructList)]);
        assert_eq!(glue(&no_marker), "");
        // NextPage of the wrong type.
        let wrong = op(
            request,
            vec![field("NextPage", Type::Scalar(Scalar::String))],
        );
        assert_eq!(glue(&wrong), "");
        // No PageSize.
        let no_size = op(
            vec![param("PageNum", Type::Scalar(Scalar::Integer), true)],
            vec![field("NextPage", Type::Scalar(Scalar::Boolean))],
        );
        assert_eq!(glue(&no_size), "");
    }
}
