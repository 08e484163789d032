//! Request parameters: `Name`, `Name.N`, `Name.N.Field` (to any depth) and
//! named types.
//!
//! Every row gives a parameter: a name with placeholders of other spellings
//! (`Tag.n.Key`, `Tag.1.Key`, `Tag[N].Key`, `Tag.{N}.Key`) is read as
//! `Tag.N.Key`; a type the generator does not know, or none, is read as a
//! string; a row listed twice is kept once. Each such reading is a warning.

use super::rows::{columns, is_placeholder, raw_rows, repeated_row, type_cell, RawRow, TypeCell};
use super::{main_table, Subtables};
use crate::diagnostics::Diagnostic;
use crate::model::{Parameter, Scalar, Type};
use crate::page::Section;
use crate::table::Table;
use crate::values::{allowed_values, default_value};

/// The parameters every RPC request carries, which the runtime sets; a page
/// that lists them (besides `Action`, most do not) does not make them
/// parameters of the operation.
pub(super) const COMMON_PARAMETERS: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
    "SecurityToken",
    "Signature",
];

/// The scalar fields of a named request type's table.
pub(super) fn subtable_params(
    file: &str,
    table: &Table,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Parameter> {
    let cols = columns(table, file, "type definition", diags);
    let mut out: Vec<Parameter> = Vec::new();
    for row in raw_rows(table, &cols, file, diags) {
        let Some(path) = parameter_path(&row.name) else {
            diags.push(Diagnostic::warning(
                file,
                row.line,
                format!("field name `{}` has no name in it; skipped", row.name),
            ));
            continue;
        };
        let name = path.last().map(|(n, _)| n.clone()).unwrap_or_default();
        let ty = match type_cell(&row.ty) {
            Ok(TypeCell::Scalar(s)) => Type::Scalar(s),
            Ok(TypeCell::Json) => Type::Scalar(Scalar::String),
            Ok(TypeCell::List) | Ok(TypeCell::ArrayOf(_)) => Type::ScalarList(Scalar::String),
            Ok(TypeCell::Empty | TypeCell::Unknown) if row.typeless => Type::Scalar(Scalar::String),
            Ok(_) => {
                diags.push(Diagnostic::warning(
                    file,
                    row.line,
                    format!("field `{}` of a request structure is typed `{}`; only scalars and lists of scalars fit there, so it is read as a String", row.name, row.ty),
                ));
                Type::Scalar(Scalar::String)
            }
            Err(message) => {
                diags.push(Diagnostic::warning(
                    file,
                    row.line,
                    format!("{message}; `{}` is read as a String", row.name),
                ));
                Type::Scalar(Scalar::String)
            }
        };
        let field = parameter(&row, name, ty, Vec::new());
        let shown = row.name.clone();
        merge_or_push(file, &mut out, field, &shown, diags);
    }
    out
}

/// A parameter from its table row.
fn parameter(row: &RawRow, wire_name: String, ty: Type, fields: Vec<Parameter>) -> Parameter {
    Parameter {
        wire_name,
        rust_name: String::new(),
        type_name: None,
        shared: false,
        json: matches!(type_cell(&row.ty), Ok(TypeCell::Json)),
        ty,
        required: row.required.unwrap_or(false),
        position: row.position.clone(),
        example: row.example.clone(),
        allowed_values: allowed_values(&row.description),
        default: default_value(&row.description),
        description: row.description.clone(),
        line: row.line,
        fields,
        builder: None,
        state: None,
        time: None,
    }
}

/// A structure no row of its own describes, made for the rows of its fields
/// (`Tag` for `Tag.N.Key`).
fn placeholder(name: &str, repeated: bool, line: usize) -> Parameter {
    Parameter {
        wire_name: name.to_string(),
        rust_name: String::new(),
        type_name: None,
        shared: false,
        json: false,
        ty: if repeated {
            Type::StructList
        } else {
            Type::Struct
        },
        required: false,
        position: None,
        example: None,
        description: String::new(),
        allowed_values: Vec::new(),
        default: None,
        line,
        fields: Vec::new(),
        builder: None,
        state: None,
        time: None,
    }
}

/// A parameter name as its path: each named segment and whether a list
/// placeholder follows it (`Tag.N.Key` → `[(Tag, true), (Key, false)]`).
/// `None` when no segment is a name.
pub(super) fn parameter_path(name: &str) -> Option<Vec<(String, bool)>> {
    let mut path: Vec<(String, bool)> = Vec::new();
    let segments: Vec<&str> = name.split('.').collect();
    for (i, segment) in segments.iter().enumerate() {
        let s = segment.trim();
        // An empty segment between two names is an index whose marker
        // was lost (`Tag.*.Key` once its emphasis is stripped).
        let index = s.is_empty() && i > 0 && i + 1 < segments.len();
        if index || (i > 0 && is_placeholder(s)) {
            if let Some(last) = path.last_mut() {
                last.1 = true;
            }
        } else if !s.is_empty() {
            path.push((s.to_string(), false));
        }
    }
    (!path.is_empty()).then_some(path)
}

/// The path written back as a name, `Tag.N.Key`.
fn path_name(path: &[(String, bool)]) -> String {
    path.iter()
        .map(|(n, r)| if *r { format!("{n}.N") } else { n.clone() })
        .collect::<Vec<_>>()
        .join(".")
}

pub(super) fn request_parameters(
    file: &str,
    section: &Section,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Parameter> {
    let Some(table) = main_table(section) else {
        // An operation without parameters may say so in prose.
        return Vec::new();
    };
    let cols = columns(table, file, "request parameters", diags);
    if cols.required.is_none() {
        diags.push(Diagnostic::warning(
            file,
            table.line,
            "the request parameters table has no `Required` column; every parameter is treated as optional",
        ));
    }
    let mut subtables = Subtables::of(section);
    let mut params: Vec<Parameter> = Vec::new();
    for row in raw_rows(table, &cols, file, diags) {
        // The protocol's own parameters are the client's to set.
        if COMMON_PARAMETERS.contains(&row.name.as_str()) {
            continue;
        }
        let Some(path) = parameter_path(&row.name) else {
            diags.push(Diagnostic::warning(
                file,
                row.line,
                format!(
                    "parameter name `{}` has no name in it, only list placeholders; the row is skipped",
                    row.name
                ),
            ));
            continue;
        };
        let read_as = path_name(&path);
        if read_as != row.name {
            diags.push(Diagnostic::warning(
                file,
                row.line,
                format!("parameter name `{}` read as `{read_as}`", row.name),
            ));
        }
        let leaf_repeated = path.last().is_some_and(|(_, r)| *r);
        let list_or = |s: Scalar| {
            if leaf_repeated {
                Type::ScalarList(s)
            } else {
                Type::Scalar(s)
            }
        };
        let mut fields = Vec::new();
        let ty = match type_cell(&row.ty) {
            Ok(TypeCell::Scalar(s)) => list_or(s),
            Ok(TypeCell::List) | Ok(TypeCell::ArrayOf(_)) => Type::ScalarList(Scalar::String),
            Ok(TypeCell::Struct | TypeCell::NotApplicable) if leaf_repeated => Type::StructList,
            Ok(TypeCell::Struct | TypeCell::NotApplicable) => Type::Struct,
            // A string the caller fills with JSON text.
            Ok(TypeCell::Json) => Type::Scalar(Scalar::String),
            Ok(TypeCell::Named(type_name)) => match subtables.take() {
                Some(sub) => {
                    let sub_fields = subtable_params(file, sub, diags);
                    match sub_fields.as_slice() {
                        // A one-field structure is a plain repeated value:
                        // `DomainName.1=a.com`.
                        [only] => match only.ty {
                            Type::Scalar(s) => Type::ScalarList(s),
                            _ => Type::ScalarList(Scalar::String),
                        },
                        [] => Type::ScalarList(Scalar::String),
                        _ => {
                            fields = sub_fields;
                            Type::StructList
                        }
                    }
                }
                None => {
                    let list = type_name.to_ascii_lowercase().ends_with("listtype");
                    diags.push(Diagnostic::warning(
                        file,
                        row.line,
                        format!(
                            "type `{type_name}` of `{}` is not defined by a table in this section; read as {}",
                            row.name,
                            if list { "a list of strings" } else { "a String" }
                        ),
                    ));
                    if list {
                        Type::ScalarList(Scalar::String)
                    } else {
                        list_or(Scalar::String)
                    }
                }
            },
            Ok(TypeCell::Empty | TypeCell::Unknown) => {
                if !row.typeless {
                    diags.push(Diagnostic::warning(
                        file,
                        row.line,
                        format!("parameter `{}` has no type; read as a String", row.name),
                    ));
                }
                list_or(Scalar::String)
            }
            Err(message) => {
                diags.push(Diagnostic::warning(
                    file,
                    row.line,
                    format!("{message}; `{}` is read as a String", row.name),
                ));
                list_or(Scalar::String)
            }
        };
        let wire_name = path.last().map(|(n, _)| n.clone()).unwrap_or_default();
        let param = parameter(&row, wire_name, ty, fields);
        insert(file, &mut params, &path, param, &read_as, diags);
    }
    params
}

/// Puts `param` at `path` (its last segment is the parameter itself),
/// making or widening the structures on the way.
fn insert(
    file: &str,
    params: &mut Vec<Parameter>,
    path: &[(String, bool)],
    param: Parameter,
    shown: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let [(parent_name, repeated), rest @ ..] = path else {
        return;
    };
    if rest.is_empty() {
        merge_or_push(file, params, param, shown, diags);
        return;
    }
    let index = match params.iter().position(|p| &p.wire_name == parent_name) {
        Some(i) => i,
        None => {
            params.push(placeholder(parent_name, *repeated, param.line));
            params.len() - 1
        }
    };
    let parent = &mut params[index];
    // A row of its own said `Tag` is a list (or gave no type): its fields
    // make it a list of structures.
    if !matches!(parent.ty, Type::Struct | Type::StructList) {
        parent.ty = if *repeated || parent.ty.is_list() {
            Type::StructList
        } else {
            Type::Struct
        };
        parent.allowed_values.clear();
        parent.default = None;
        parent.json = false;
    } else if *repeated && parent.ty == Type::Struct {
        parent.ty = Type::StructList;
    }
    parent.required |= param.required;
    if parent.position.is_none() {
        parent.position = param.position.clone();
    }
    insert(file, &mut parent.fields, rest, param, shown, diags);
}

/// Adds `param` to `params`, or merges it into the parameter of the same
/// wire name: the row of a structure made for its fields' rows fills in
/// its description; a repeated row is reported (as `shown`, its name on
/// the page) and the first one kept, with the fields of both.
fn merge_or_push(
    file: &str,
    params: &mut Vec<Parameter>,
    param: Parameter,
    shown: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(first) = params.iter_mut().find(|p| p.wire_name == param.wire_name) else {
        params.push(param);
        return;
    };
    // The structure made for `Tag.N.Key`, then a row of `Tag` itself
    // (typed as a list, or as anything): the row describes the structure.
    let made_for_fields = first.description.is_empty()
        && first.example.is_none()
        && !first.fields.is_empty()
        && param.fields.is_empty();
    if made_for_fields {
        first.description = param.description;
        first.example = param.example;
        first.required |= param.required;
        if first.position.is_none() {
            first.position = param.position;
        }
        return;
    }
    let differs = [
        ("type", first.ty != param.ty),
        ("required", first.required != param.required),
        ("description", first.description != param.description),
        ("example", first.example != param.example),
    ];
    let message = repeated_row("parameter", shown, first.line, &differs);
    diags.push(Diagnostic::warning(file, param.line, message));
    let list = if first.ty == Type::StructList {
        ".N"
    } else {
        ""
    };
    for field in param.fields {
        let shown = format!("{shown}{list}.{}", field.wire_name);
        merge_or_push(file, &mut first.fields, field, &shown, diags);
    }
}

#[cfg(test)]
mod tests {
    use super::super::rows::clean_name;
    use super::*;

    fn path(name: &str) -> Vec<(String, bool)> {
        parameter_path(&clean_name(name)).unwrap_or_default()
    }

    fn p(parts: &[(&str, bool)]) -> Vec<(String, bool)> {
        parts.iter().map(|(n, r)| (n.to_string(), *r)).collect()
    }

    #[test]
    fn placeholders_of_every_spelling() {
        let tag_key = p(&[("Tag", true), ("Key", false)]);
        for name in [
            "Tag.N.Key",
            "Tag.n.Key",
            "Tag.1.Key",
            "Tag.{N}.Key",
            "Tag[N].Key",
            "Tag[].Key",
            "Tag.[n].Key",
            "Tag..Key",
            "Tag.N .Key",
            "Tag.N.Key (deprecated)",
            "Tag.N.Key（已废弃）",
            "`Tag.N.Key`",
        ] {
            assert_eq!(path(name), tag_key, "{name}");
        }
        assert_eq!(path("DomainName.N"), p(&[("DomainName", true)]));
        assert_eq!(path("Ids[]"), p(&[("Ids", true)]));
        assert_eq!(
            path("Filter.N.Value.N"),
            p(&[("Filter", true), ("Value", true)])
        );
        assert_eq!(
            path("A.B.N.C"),
            p(&[("A", false), ("B", true), ("C", false)])
        );
        assert_eq!(path("X-Acs-Thing"), p(&[("X-Acs-Thing", false)]));
        assert!(parameter_path(".N").is_none());
        assert!(parameter_path("").is_none());
    }
}
