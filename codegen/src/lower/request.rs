//! Request parameters: `Name`, `Name.N`, `Name.N.Field` and named types.

use super::rows::{columns, raw_rows, type_cell, RawRow, TypeCell};
use super::{is_identifier, main_table, Subtables};
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
    let Some(cols) = columns(table, file, "type definition", diags) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in raw_rows(table, &cols, file, diags) {
        let ty = match type_cell(&row.ty) {
            Ok(TypeCell::Scalar(s)) => Type::Scalar(s),
            Ok(TypeCell::Json) => Type::Scalar(Scalar::String),
            Ok(TypeCell::List) | Ok(TypeCell::ArrayOf(_)) => Type::ScalarList(Scalar::String),
            Ok(_) => {
                diags.push(Diagnostic::error(
                    file,
                    row.line,
                    format!("field `{}` of a request structure must be a scalar or a list of scalars, found `{}`", row.name, row.ty),
                ));
                continue;
            }
            Err(message) => {
                diags.push(Diagnostic::error(file, row.line, message));
                continue;
            }
        };
        out.push(parameter(&row, row.name.clone(), ty, Vec::new()));
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

pub(super) fn request_parameters(
    file: &str,
    section: &Section,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Parameter> {
    let Some(table) = main_table(section) else {
        // An operation without parameters may say so in prose.
        return Vec::new();
    };
    let Some(cols) = columns(table, file, "request parameters", diags) else {
        return Vec::new();
    };
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
        let mut fields = Vec::new();
        // The protocol's own parameters are the client's to set.
        if COMMON_PARAMETERS.contains(&row.name.as_str()) {
            continue;
        }
        // `Name.N.Field` → field `Field` of the structure list `Name`.
        let segments: Vec<&str> = row.name.split('.').map(str::trim).collect();
        let repeated = segments.iter().skip(1).any(|s| *s == "N" || *s == "n");
        let named: Vec<&str> = segments
            .iter()
            .copied()
            .filter(|s| *s != "N" && *s != "n")
            .collect();
        if named.is_empty() || !named.iter().all(|s| is_identifier(s)) || named.len() > 2 {
            diags.push(Diagnostic::error(
                file,
                row.line,
                format!(
                    "invalid parameter name `{}`; expected `Name`, `Name.N` or `Name.N.Field`",
                    row.name
                ),
            ));
            continue;
        }
        let ty = match type_cell(&row.ty) {
            Ok(TypeCell::Scalar(s)) if repeated && named.len() == 1 => Type::ScalarList(s),
            Ok(TypeCell::Scalar(s)) => Type::Scalar(s),
            Ok(TypeCell::List) | Ok(TypeCell::ArrayOf(_)) => Type::ScalarList(Scalar::String),
            Ok(TypeCell::Struct | TypeCell::NotApplicable) => Type::Struct,
            // A string the caller fills with JSON text.
            Ok(TypeCell::Json) => Type::Scalar(Scalar::String),
            Ok(TypeCell::Named(type_name)) => {
                match subtables.take() {
                    Some(sub) => {
                        let sub_fields = subtable_params(file, sub, diags);
                        match sub_fields.as_slice() {
                            // A one-field structure is a plain repeated value:
                            // `DomainName.1=a.com`.
                            [only] => match only.ty {
                                Type::Scalar(s) => Type::ScalarList(s),
                                _ => Type::ScalarList(Scalar::String),
                            },
                            _ => {
                                fields = sub_fields;
                                Type::StructList
                            }
                        }
                    }
                    None => {
                        diags.push(Diagnostic::error(
                        file,
                        row.line,
                        format!("type `{type_name}` of `{}` is not defined by a table in this section", row.name),
                    ));
                        continue;
                    }
                }
            }
            Ok(TypeCell::Empty) => {
                diags.push(Diagnostic::error(
                    file,
                    row.line,
                    format!("parameter `{}` has no type", row.name),
                ));
                continue;
            }
            Err(message) => {
                diags.push(Diagnostic::error(file, row.line, message));
                continue;
            }
        };
        let wire_name = named.last().map(|s| s.to_string()).unwrap_or_default();
        let param = parameter(&row, wire_name, ty, fields);
        if named.len() == 2 {
            let parent_name = named[0];
            let parent = match params.iter_mut().find(|p| p.wire_name == parent_name) {
                Some(p) => p,
                None => {
                    params.push(Parameter {
                        wire_name: parent_name.to_string(),
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
                        line: row.line,
                        fields: Vec::new(),
                        builder: None,
                        state: None,
                        time: None,
                    });
                    params.last_mut().expect("just pushed")
                }
            };
            parent.required |= param.required;
            if parent.position.is_none() {
                parent.position = param.position.clone();
            }
            if parent.fields.iter().any(|f| f.wire_name == param.wire_name) {
                diags.push(Diagnostic::error(
                    file,
                    row.line,
                    format!("duplicate parameter `{}`", row.name),
                ));
                continue;
            }
            parent.fields.push(param);
        } else {
            if params.iter().any(|p| p.wire_name == param.wire_name) {
                diags.push(Diagnostic::error(
                    file,
                    row.line,
                    format!("duplicate parameter `{}`", row.name),
                ));
                continue;
            }
            params.push(param);
        }
    }
    params
}
