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
    /// The table has no type column: the row's type is not given.
    pub(super) typeless: bool,
}

pub(super) struct Columns {
    pub(super) name: usize,
    pub(super) ty: Option<usize>,
    pub(super) required: Option<usize>,
    pub(super) position: Option<usize>,
    pub(super) example: Option<usize>,
    pub(super) description: Option<usize>,
}

/// The columns of a parameter table. A table without a recognised name
/// column is read with its first column as names, one without a type column
/// with every type left to the samples; both with a warning.
pub(super) fn columns(
    table: &Table,
    file: &str,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Columns {
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
    let header = table.header.join("|");
    let name = get(Column::Name).unwrap_or_else(|| {
        // The first column no other header claims.
        let first = (0..table.header.len())
            .find(|i| !found.iter().any(|(_, j)| j == i))
            .unwrap_or(0);
        diags.push(Diagnostic::warning(
            file,
            table.line,
            format!("the {what} table has no `Parameter` column (found `|{header}|`); its column {} is read as the names; expected columns like `Parameter|Type|Required|Example|Description` (or `名称|类型|是否必选|示例值|描述`)", first + 1),
        ));
        first
    });
    // One page calls its type column "Parameters".
    let ty = get(Column::Type).or_else(|| {
        table
            .header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case("Parameters"))
            .filter(|i| *i != name)
    });
    if ty.is_none() {
        diags.push(Diagnostic::warning(
            file,
            table.line,
            format!("the {what} table has no `Type` column (found `|{header}|`); types are taken from the samples, else read as String"),
        ));
    }
    Columns {
        name,
        ty,
        required: get(Column::Required),
        position: get(Column::Position),
        example: get(Column::Example),
        description: get(Column::Description),
    }
}

/// Whether a segment of a dotted parameter name is a placeholder for a
/// list index (`N`, `n`, `M`, `1`, `*`, `#`, `{N}`, `[N]`) rather than a name.
pub(super) fn is_placeholder(segment: &str) -> bool {
    let s = segment.trim();
    let inner = s
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| s.strip_prefix('<').and_then(|r| r.strip_suffix('>')))
        .or_else(|| s.strip_prefix('[').and_then(|r| r.strip_suffix(']')))
        .unwrap_or(s);
    inner.is_empty() && s != inner
        || !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit())
        || matches!(
            inner,
            "N" | "n" | "M" | "m" | "K" | "k" | "I" | "i" | "X" | "x" | "*" | "#"
        )
}

/// A name cell as a parameter path: brackets (`Tag[N].Key`, `Ids[]`) become
/// dotted placeholders, notes in parentheses (`Name (deprecated)`,
/// `名称（可选）`) and spaces are dropped. Returns the cleaned name.
pub(super) fn clean_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut depth = 0usize;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '[' => {
                // `[N]`, `[]`, `[0]`: a list index.
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                out.push_str(".N");
                if chars.peek().is_some_and(|d| *d != '.') {
                    out.push('.');
                }
            }
            c if c.is_whitespace() || c == '`' => {}
            c => out.push(c),
        }
    }
    out.trim_matches('.').to_string()
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
        let name = clean_name(
            raw_name
                .trim_start_matches(['└', '├', '─', '│', ' '])
                .trim(),
        );
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
        let description = cols
            .description
            .map(|i| cell(i).trim().to_string())
            .unwrap_or_default();
        let repeated = crate::values::repeated_values(&description);
        if !repeated.is_empty() {
            diags.push(Diagnostic::warning(
                file,
                row.line,
                format!(
                    "the valid values of `{name}` list {} more than once; each is read once, with its first meaning",
                    repeated
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        rows.push(RawRow {
            name,
            depth,
            ty: cols
                .ty
                .map(|i| plain(&strip_link(cell(i))))
                .unwrap_or_default(),
            required,
            position,
            example,
            description,
            line: row.line,
            short: row.short,
            typeless: cols.ty.is_none(),
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
    let t = ty.trim().to_ascii_lowercase();
    // `Integer (int64)`, `Long(int64)`: the format in parentheses decides.
    if let Some((word, format)) = t.split_once(['(', '（']) {
        let format = format.trim_end_matches([')', '）']).trim();
        return scalar(format).or_else(|| scalar(word));
    }
    match t.as_str() {
        "string" | "str" | "date" | "datetime" | "char" | "text" | "enum" | "字符串" | "字符"
        | "文本" | "枚举" | "日期" => Some(Scalar::String),
        "integer" | "int" | "int32" | "short" | "byte" | "uint32" | "整数" | "整型" | "整形"
        | "数字" => Some(Scalar::Integer),
        "long" | "int64" | "uint64" | "long integer" | "长整型" | "长整数" | "长整形" => {
            Some(Scalar::Long)
        }
        "boolean" | "bool" | "布尔" | "布尔值" | "布尔型" => Some(Scalar::Boolean),
        "float" | "double" | "number" | "bigdecimal" | "decimal" | "浮点" | "浮点数" | "浮点型"
        | "双精度" => Some(Scalar::Float),
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
    /// A type word the generator does not know (reported where it is read),
    /// or no type column at all: read as a string unless the samples show
    /// otherwise.
    Unknown,
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
    for prefix in ["array of ", "list of ", "arrayof"] {
        if let Some(item) = lower.strip_prefix(prefix) {
            let item = t[t.len() - item.len()..].trim().to_string();
            return Ok(TypeCell::ArrayOf(item));
        }
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
    // `Map<String, String>`.
    if lower.starts_with("map<") || lower.starts_with("map[") {
        return Ok(TypeCell::Struct);
    }
    match lower.as_str() {
        "repeatlist" | "list" | "array" | "数组" | "列表" => Ok(TypeCell::List),
        "struct" | "object" | "map" | "jsonobject" | "json object" | "对象" | "结构体" | "结构" => {
            Ok(TypeCell::Struct)
        }
        "n/a" | "na" | "-" | "none" => Ok(TypeCell::NotApplicable),
        "json" | "jsonstring" | "json string" | "jsonarray" | "json array" => Ok(TypeCell::Json),
        _ if is_identifier(t) && t.len() > 4 && t.to_ascii_lowercase().ends_with("type") => {
            Ok(TypeCell::Named(t.to_string()))
        }
        _ => Err(format!("unknown type `{t}`; {TYPE_EXPECTATION}")),
    }
}

/// The warning for a row listed twice: `what` (`parameter`, `response
/// field`) named `shown`, first listed at `first_line`, and which of its
/// cells differ (`(cell, differs)`): none, and the two rows are read as one;
/// else the first is kept.
pub(crate) fn repeated_row(
    what: &str,
    shown: &str,
    first_line: usize,
    differs: &[(&str, bool)],
) -> String {
    let differs: Vec<&str> = differs
        .iter()
        .filter(|(_, differs)| *differs)
        .map(|(cell, _)| *cell)
        .collect();
    if differs.is_empty() {
        format!(
            "{what} `{shown}` is listed twice (first at line {first_line}); the rows are the same and are read as one"
        )
    } else {
        format!(
            "{what} `{shown}` is listed twice with a different {}; the first row (line {first_line}) is kept",
            differs.join(" and ")
        )
    }
}
