//! Table rows with their cells picked out by column name, and type cells.

use super::is_identifier;
use crate::diagnostics::Diagnostic;
use crate::model::Scalar;
use crate::table::Table;
use crate::values::plain;
use crate::vocabulary::{column_of, is_required_marker, Column, HeaderMatch};

/// A table row with its cells picked out by column name.
#[derive(Debug, Clone)]
pub(super) struct RawRow {
    pub(super) name: String,
    pub(super) depth: usize,
    pub(super) ty: String,
    pub(super) required: Option<bool>,
    pub(super) position: Option<String>,
    pub(super) example: Option<String>,
    pub(super) description: String,
    pub(super) line: usize,
    /// The row had fewer cells than the header.
    pub(super) short: bool,
}

pub(super) struct Columns {
    pub(super) name: usize,
    pub(super) ty: usize,
    pub(super) required: Option<usize>,
    pub(super) position: Option<usize>,
    pub(super) example: Option<usize>,
    pub(super) description: Option<usize>,
}

pub(super) fn columns(
    table: &Table,
    file: &str,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Columns> {
    let mut found: Vec<(Column, usize)> = Vec::new();
    for (i, header) in table.header.iter().enumerate() {
        let Some((column, how)) = column_of(header) else {
            continue;
        };
        // The first header of a kind wins (one page calls its type column
        // "Parameters" after a "Parameter" column: see below).
        if found.iter().any(|(c, _)| *c == column) {
            continue;
        }
        if let HeaderMatch::Misspelled(meant) = how {
            diags.push(Diagnostic::warning(
                file,
                table.line,
                format!("column header `{header}` read as `{meant}`"),
            ));
        }
        found.push((column, i));
    }
    let get = |c: Column| found.iter().find(|(k, _)| *k == c).map(|(_, i)| *i);
    let name = get(Column::Name);
    // One page calls its type column "Parameters".
    let ty = get(Column::Type).or_else(|| {
        table
            .header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case("Parameters"))
            .filter(|i| Some(*i) != name)
    });
    let header = table.header.join("|");
    let (Some(name), Some(ty)) = (name, ty) else {
        let missing = if name.is_none() { "Parameter" } else { "Type" };
        diags.push(Diagnostic::error(
            file,
            table.line,
            format!("the {what} table has no `{missing}` column; expected columns like `Parameter|Type|Required|Example|Description` (or `名称|类型|是否必选|示例值|描述`), found `|{header}|`"),
        ));
        return None;
    };
    Some(Columns {
        name,
        ty,
        required: get(Column::Required),
        position: get(Column::Position),
        example: get(Column::Example),
        description: get(Column::Description),
    })
}

pub(super) fn raw_rows(
    table: &Table,
    cols: &Columns,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<RawRow> {
    let mut rows = Vec::new();
    for row in &table.rows {
        let cell = |i: usize| row.cells.get(i).map(String::as_str).unwrap_or("");
        let raw_name = plain(cell(cols.name));
        let depth = raw_name
            .chars()
            .take_while(|c| matches!(c, '└' | '├' | ' ' | '─'))
            .filter(|c| *c == '└' || *c == '├')
            .count();
        let name = raw_name
            .trim_start_matches(['└', '├', '─', ' '])
            .trim()
            .to_string();
        if name.is_empty() {
            diags.push(Diagnostic::warning(
                file,
                row.line,
                "table row without a name; skipped",
            ));
            continue;
        }
        if row.short {
            diags.push(Diagnostic::warning(
                file,
                row.line,
                format!(
                    "row `{name}` has fewer cells than the header ({} columns); missing cells are read as empty",
                    table.header.len()
                ),
            ));
        }
        let required = cols.required.map(|i| is_required_marker(&plain(cell(i))));
        let position = cols
            .position
            .map(|i| plain(cell(i)))
            .filter(|p| !p.is_empty());
        let example = cols
            .example
            .map(|i| plain(cell(i)))
            .filter(|e| !e.is_empty());
        rows.push(RawRow {
            name,
            depth,
            ty: plain(&strip_link(cell(cols.ty))),
            required,
            position,
            example,
            description: cols
                .description
                .map(|i| cell(i).trim().to_string())
                .unwrap_or_default(),
            line: row.line,
            short: row.short,
        });
    }
    rows
}

/// `[DomainListType](#table_x)` → `DomainListType`.
pub(super) fn strip_link(cell: &str) -> String {
    let t = cell.trim();
    if let (Some(rest), true) = (t.strip_prefix('['), t.ends_with(')')) {
        if let Some((text, _)) = rest.split_once("](") {
            return text.to_string();
        }
    }
    t.to_string()
}

pub(super) fn scalar(ty: &str) -> Option<Scalar> {
    match ty.trim().to_ascii_lowercase().as_str() {
        "string" | "date" | "datetime" | "char" | "text" => Some(Scalar::String),
        "integer" | "int" | "int32" | "short" | "byte" => Some(Scalar::Integer),
        "long" | "int64" => Some(Scalar::Long),
        "boolean" | "bool" => Some(Scalar::Boolean),
        "float" | "double" | "number" | "bigdecimal" | "decimal" => Some(Scalar::Float),
        _ => None,
    }
}

/// A type cell as read from the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TypeCell {
    Scalar(Scalar),
    /// `RepeatList`, `List`, `Array` (no item named).
    List,
    /// `Array of X`.
    ArrayOf(String),
    /// `Struct`, `Object`, `Map`.
    Struct,
    /// Blank.
    Empty,
    /// `N/A`: some pages write it for the row of an object.
    NotApplicable,
    /// `Json`: a string holding JSON text.
    Json,
    /// A named type (`DomainListType`, often a link to a table further down).
    Named(String),
}

pub(super) const TYPE_EXPECTATION: &str =
    "expected String, Integer, Long, Boolean, Float, Json, Array, Array of <Name>, RepeatList, List, Struct, Object, Map, N/A, or the name of a table below";

pub(super) fn type_cell(ty: &str) -> Result<TypeCell, String> {
    let t = ty.trim();
    if t.is_empty() {
        return Ok(TypeCell::Empty);
    }
    if let Some(s) = scalar(t) {
        return Ok(TypeCell::Scalar(s));
    }
    let lower = t.to_ascii_lowercase();
    if let Some(item) = lower.strip_prefix("array of ") {
        let item = t[t.len() - item.len()..].trim().to_string();
        return Ok(TypeCell::ArrayOf(item));
    }
    // `List<String>`, `Array<Object>`, `String[]`.
    for (open, close) in [("list<", ">"), ("array<", ">")] {
        if let Some(inner) = lower.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            let item = &t[open.len()..open.len() + inner.len()];
            return Ok(TypeCell::ArrayOf(item.trim().to_string()));
        }
    }
    if let Some(inner) = t.strip_suffix("[]") {
        if scalar(inner).is_some() || is_identifier(inner.trim()) {
            return Ok(TypeCell::ArrayOf(inner.trim().to_string()));
        }
    }
    match lower.as_str() {
        "repeatlist" | "list" | "array" => Ok(TypeCell::List),
        "struct" | "object" | "map" => Ok(TypeCell::Struct),
        "n/a" | "na" | "-" | "none" => Ok(TypeCell::NotApplicable),
        "json" | "jsonstring" | "json string" => Ok(TypeCell::Json),
        _ if is_identifier(t) && t.len() > 4 && t.to_ascii_lowercase().ends_with("type") => {
            Ok(TypeCell::Named(t.to_string()))
        }
        _ => Err(format!("unknown type `{t}`; {TYPE_EXPECTATION}")),
    }
}
