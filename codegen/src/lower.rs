//! From a parsed page to the model: finding sections by title and columns by
//! header name, building the parameter and field trees, reporting what does
//! not fit.

use crate::diagnostics::Diagnostic;
use crate::model::{Field, Operation, Parameter, Sample, SampleFormat, Scalar, Type};
use crate::page::{texts, Block, Page, Section};
use crate::table::Table;
use crate::values::{allowed_values, default_value, plain};
use serde_json::{Map, Value};

/// What a section is for, judged by its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    Description,
    Request,
    Response,
    Examples,
    Other,
}

fn section_kind(title: &str) -> SectionKind {
    let t = title.trim().to_ascii_lowercase();
    if t.starts_with("description") {
        SectionKind::Description
    } else if t.contains("request parameter") {
        SectionKind::Request
    } else if t.contains("response parameter")
        || t.contains("return parameter")
        || t.contains("returned parameter")
    {
        SectionKind::Response
    } else if t.starts_with("example") || t.starts_with("sample") {
        SectionKind::Examples
    } else {
        SectionKind::Other
    }
}

/// Whether `s` can be an operation or parameter name.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A table row with its cells picked out by column name.
struct RawRow {
    name: String,
    depth: usize,
    ty: String,
    required: Option<bool>,
    position: Option<String>,
    example: Option<String>,
    description: String,
    line: usize,
    /// The row had fewer cells than the header.
    short: bool,
}

struct Columns {
    name: usize,
    ty: usize,
    required: Option<usize>,
    position: Option<usize>,
    example: Option<usize>,
    description: Option<usize>,
}

fn columns(table: &Table, file: &str, what: &str, diags: &mut Vec<Diagnostic>) -> Option<Columns> {
    let name = table.column(&["Parameter", "Name", "Field"]);
    // One page calls its type column "Parameters".
    let ty = table
        .column(&["Type", "Data type"])
        .or_else(|| table.column(&["Parameters"]));
    let found = table.header.join("|");
    let (Some(name), Some(ty)) = (name, ty) else {
        let missing = if name.is_none() { "Parameter" } else { "Type" };
        diags.push(Diagnostic::error(
            file,
            table.line,
            format!("the {what} table has no `{missing}` column; expected columns like `Parameter|Type|Required|Example|Description`, found `|{found}|`"),
        ));
        return None;
    };
    Some(Columns {
        name,
        ty,
        required: table.column(&["Required"]),
        position: table.column(&["Position", "Location", "In"]),
        example: table.column(&["Example", "Sample value", "Example value", "Sample"]),
        description: table.column(&["Description"]),
    })
}

fn raw_rows(table: &Table, cols: &Columns, file: &str, diags: &mut Vec<Diagnostic>) -> Vec<RawRow> {
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
        let required = cols.required.map(|i| {
            let v = plain(cell(i)).to_ascii_lowercase();
            v == "yes" || v == "true" || v == "required"
        });
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
fn strip_link(cell: &str) -> String {
    let t = cell.trim();
    if let (Some(rest), true) = (t.strip_prefix('['), t.ends_with(')')) {
        if let Some((text, _)) = rest.split_once("](") {
            return text.to_string();
        }
    }
    t.to_string()
}

fn scalar(ty: &str) -> Option<Scalar> {
    match ty.trim().to_ascii_lowercase().as_str() {
        "string" | "date" | "datetime" => Some(Scalar::String),
        "integer" | "int" | "int32" => Some(Scalar::Integer),
        "long" | "int64" => Some(Scalar::Long),
        "boolean" | "bool" => Some(Scalar::Boolean),
        "float" | "double" | "number" => Some(Scalar::Float),
        _ => None,
    }
}

/// A type cell as read from the page.
enum TypeCell {
    Scalar(Scalar),
    /// `RepeatList`, `List`, `Array` (no item named).
    List,
    /// `Array of X`.
    ArrayOf(String),
    /// `Struct`, `Object`, `Map`.
    Struct,
    /// Blank.
    Empty,
    /// A named type (`DomainListType`, often a link to a table further down).
    Named(String),
}

const TYPE_EXPECTATION: &str =
    "expected String, Integer, Long, Boolean, Float, Array, Array of <Name>, RepeatList, List, Struct, or the name of a table below";

fn type_cell(ty: &str) -> Result<TypeCell, String> {
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
    match lower.as_str() {
        "repeatlist" | "list" | "array" => Ok(TypeCell::List),
        "struct" | "object" | "map" => Ok(TypeCell::Struct),
        _ if is_identifier(t) && t.len() > 4 && t.to_ascii_lowercase().ends_with("type") => {
            Ok(TypeCell::Named(t.to_string()))
        }
        _ => Err(format!("unknown type `{t}`; {TYPE_EXPECTATION}")),
    }
}

/// Lowers one parsed page into an operation. Returns `None` when errors make
/// the page unusable; every problem found is added to `diags`.
pub fn lower_operation(file: &str, page: &Page, diags: &mut Vec<Diagnostic>) -> Option<Operation> {
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let (name, line) = operation_name(file, page, diags)?;

    let mut description = String::new();
    let mut request = None;
    let mut response = None;
    let samples: Vec<Sample> = page
        .sections
        .iter()
        .flat_map(|section| section_samples(file, section, diags))
        .collect();
    // The first valid JSON sample guides the nesting of flat response rows.
    // (else the first valid XML sample, read as the same tree).
    let valid = |format| {
        samples
            .iter()
            .filter(move |s: &&Sample| s.format == format && s.invalid.is_none())
    };
    let guide = valid(SampleFormat::Json)
        .find_map(|s| match serde_json::from_str::<Value>(&s.text) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        })
        .or_else(|| valid(SampleFormat::Xml).find_map(|s| xml_tree(&s.text)));
    for section in &page.sections {
        match section_kind(&section.title) {
            SectionKind::Description => description = section.text(),
            SectionKind::Request if request.is_none() => {
                request = Some(request_parameters(file, section, diags));
            }
            SectionKind::Response if response.is_none() => {
                let mut fields = response_fields(file, section, guide.as_ref(), diags);
                if let Some(sample) = guide.as_ref() {
                    reconcile(file, &mut fields, sample, diags);
                }
                response = Some(fields);
            }
            _ => {}
        }
    }
    let request = request.unwrap_or_else(|| {
        diags.push(Diagnostic::error(
            file,
            0,
            "no request parameters section; expected a heading such as `## Request parameters`",
        ));
        Vec::new()
    });
    let response = response.unwrap_or_else(|| {
        diags.push(Diagnostic::error(
            file,
            0,
            "no response parameters section; expected a heading such as `## Response parameters`",
        ));
        Vec::new()
    });
    if diags.iter().filter(|d| d.is_error()).count() > errors_before {
        return None;
    }
    Some(Operation {
        summary: summary(page),
        name,
        source: file.to_string(),
        line,
        description,
        request,
        response,
        samples,
    })
}

fn summary(page: &Page) -> String {
    let intro = texts(&page.intro);
    let first = intro.split("\n\n").next().unwrap_or("").trim();
    // "Name: does something." → "Does something."
    let text = match (page.title.as_ref(), first.split_once(": ")) {
        (Some(t), Some((head, rest))) if head.trim() == t.value => {
            let mut c = rest.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
        _ => first.to_string(),
    };
    text
}

fn operation_name(file: &str, page: &Page, diags: &mut Vec<Diagnostic>) -> Option<(String, usize)> {
    let Some(title) = &page.title else {
        diags.push(Diagnostic::error(
            file,
            1,
            "no page title; expected `# OperationName` on the first line",
        ));
        return None;
    };
    let t = title.value.trim();
    if is_identifier(t) {
        return Some((t.to_string(), title.line));
    }
    // A sentence title: take the name from the `Action` row or a sample request.
    let from_action = page
        .sections
        .iter()
        .filter(|s| section_kind(&s.title) == SectionKind::Request)
        .flat_map(|s| s.tables())
        .flat_map(|t| t.rows.iter())
        .filter(|r| r.cells.first().map(|c| plain(c)) == Some("Action".into()))
        .flat_map(|r| r.cells.iter().map(|c| plain(c)))
        .flat_map(|c| {
            c.split([' ', '.', ','])
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .find(|w| {
            is_identifier(w)
                && w.len() > 6
                && w != "Action"
                && w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && w.chars().skip(1).any(|c| c.is_ascii_uppercase())
        });
    let from_sample = || {
        page.sections
            .iter()
            .flat_map(|s| s.blocks.iter())
            .find_map(|b| match b {
                Block::Code { text, .. } => text
                    .split(['?', '&', '\n'])
                    .find_map(|p| p.trim().strip_prefix("Action="))
                    .map(|a| a.trim().to_string())
                    .filter(|a| is_identifier(a)),
                _ => None,
            })
    };
    match from_action.or_else(from_sample) {
        Some(name) => {
            diags.push(Diagnostic::warning(
                file,
                title.line,
                format!("the title `{t}` is not an operation name; using `{name}` from the Action parameter or sample request"),
            ));
            Some((name, title.line))
        }
        None => {
            diags.push(Diagnostic::error(
                file,
                title.line,
                format!("no operation name: the title `{t}` is not an identifier and no `Action` value was found"),
            ));
            None
        }
    }
}

fn main_table(section: &Section) -> Option<&Table> {
    section.tables().next()
}

/// The tables after a section's main table, which define the named types
/// (`DomainListType`) its rows refer to, in the order they are referred to.
struct Subtables<'a> {
    tables: Vec<&'a Table>,
    next: usize,
}

impl<'a> Subtables<'a> {
    fn of(section: &'a Section) -> Self {
        Self {
            tables: section.tables().skip(1).collect(),
            next: 0,
        }
    }

    fn take(&mut self) -> Option<&'a Table> {
        let t = self.tables.get(self.next).copied();
        self.next += 1;
        t
    }
}

/// The scalar fields of a named request type's table.
fn subtable_params(file: &str, table: &Table, diags: &mut Vec<Diagnostic>) -> Vec<Parameter> {
    let Some(cols) = columns(table, file, "type definition", diags) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in raw_rows(table, &cols, file, diags) {
        let ty = match type_cell(&row.ty) {
            Ok(TypeCell::Scalar(s)) => Type::Scalar(s),
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
        out.push(Parameter {
            wire_name: row.name.clone(),
            ty,
            required: row.required.unwrap_or(false),
            position: row.position.clone(),
            example: row.example.clone(),
            allowed_values: allowed_values(&row.description),
            default: default_value(&row.description),
            description: row.description.clone(),
            line: row.line,
            fields: Vec::new(),
        });
    }
    out
}

fn request_parameters(
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
        if row.name == "Action" {
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
            Ok(TypeCell::Struct) => Type::Struct,
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
        let param = Parameter {
            wire_name: named.last().map(|s| s.to_string()).unwrap_or_default(),
            ty,
            required: row.required.unwrap_or(false),
            position: row.position.clone(),
            example: row.example.clone(),
            allowed_values: allowed_values(&row.description),
            default: default_value(&row.description),
            description: row.description.clone(),
            line: row.line,
            fields,
        };
        if named.len() == 2 {
            let parent_name = named[0];
            let parent = match params.iter_mut().find(|p| p.wire_name == parent_name) {
                Some(p) => p,
                None => {
                    params.push(Parameter {
                        wire_name: parent_name.to_string(),
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

fn response_fields(
    file: &str,
    section: &Section,
    guide: Option<&Map<String, Value>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Field> {
    let Some(table) = main_table(section) else {
        diags.push(Diagnostic::error(
            file,
            section.line,
            "the response parameters section has no table; expected `|Parameter|Type|Example|Description|`",
        ));
        return Vec::new();
    };
    let Some(cols) = columns(table, file, "response parameters", diags) else {
        return Vec::new();
    };
    let rows = raw_rows(table, &cols, file, diags);
    let mut ctx = Ctx {
        file,
        subtables: Subtables::of(section),
        diags,
    };
    read_fields(&mut ctx, rows, guide)
}

/// What reading response rows needs besides the rows.
struct Ctx<'a, 'd> {
    file: &'a str,
    subtables: Subtables<'a>,
    diags: &'d mut Vec<Diagnostic>,
}

impl Ctx<'_, '_> {
    fn error(&mut self, line: usize, message: String) {
        self.diags.push(Diagnostic::error(self.file, line, message));
    }

    fn warning(&mut self, line: usize, message: String) {
        self.diags
            .push(Diagnostic::warning(self.file, line, message));
    }
}

/// Reads a whole table's rows into fields, rejecting duplicates.
fn read_fields(
    ctx: &mut Ctx<'_, '_>,
    rows: Vec<RawRow>,
    level: Option<&Map<String, Value>>,
) -> Vec<Field> {
    let mut iter = rows.into_iter().peekable();
    let mut out: Vec<Field> = Vec::new();
    while iter.peek().is_some() {
        if let Some(field) = response_field(ctx, &mut iter, 0, level) {
            if out.iter().any(|f| f.wire_name == field.wire_name) {
                ctx.error(
                    field.line,
                    format!("duplicate response field `{}`", field.wire_name),
                );
                continue;
            }
            out.push(field);
        }
    }
    out
}

type Rows = std::iter::Peekable<std::vec::IntoIter<RawRow>>;

/// The wrapper key of a list, when the sample shows the list inside a
/// one-key object (`"Data": {"TaskInfo": [...]}`) whose key is not one of
/// the item's own fields.
fn wrapper_key(own: Option<&Value>, fields: &[Field]) -> Option<String> {
    match own? {
        Value::Object(map) if map.len() == 1 => {
            let (key, value) = map.iter().next()?;
            let is_field = fields.iter().any(|f| f.wire_name.eq_ignore_ascii_case(key));
            (!is_field && (value.is_array() || value.is_object() || fields.is_empty()))
                .then(|| key.clone())
        }
        _ => None,
    }
}

/// Reads one field and its children (rows one `└` deeper, the flat rows
/// after an `Array of X` + `X` pair, or the table of a named type).
fn response_field(
    ctx: &mut Ctx<'_, '_>,
    rows: &mut Rows,
    depth: usize,
    level: Option<&Map<String, Value>>,
) -> Option<Field> {
    let row = rows.next()?;
    let own = level.and_then(|m| get_ci(m, &row.name));
    let cell = match type_cell(&row.ty) {
        Ok(c) => Ok(c),
        // A short row whose second cell is prose: its type was left out.
        Err(_) if row.short => {
            ctx.warning(
                row.line,
                format!("row `{}` has no type cell; its type is inferred", row.name),
            );
            Ok(TypeCell::Empty)
        }
        Err(message) => Err(message),
    };
    let mut field = Field {
        wire_name: row.name.clone(),
        ty: Type::Struct,
        item_name: None,
        example: row.example.clone(),
        allowed_values: allowed_values(&row.description),
        description: if row.short
            && cell.is_ok()
            && !row.ty.is_empty()
            && type_cell(&row.ty).is_err()
        {
            row.ty.clone()
        } else {
            row.description.clone()
        },
        line: row.line,
        fields: Vec::new(),
    };
    let item_hint = match &cell {
        Ok(TypeCell::ArrayOf(item)) => Some(item.clone()),
        _ => None,
    };
    // Children written with `└`, read even when this row is in error so
    // that they are not taken for siblings.
    let inner = own.and_then(|v| item_object(v, item_hint.as_deref()));
    while rows.peek().is_some_and(|r| r.depth > depth) {
        if let Some(child) = response_field(ctx, rows, depth + 1, inner) {
            field.fields.push(child);
        }
    }
    if !is_identifier(&row.name) {
        ctx.error(
            row.line,
            format!("invalid response field name `{}`", row.name),
        );
        return None;
    }
    let cell = match cell {
        Ok(c) => c,
        Err(message) => {
            ctx.error(row.line, message);
            return None;
        }
    };
    match cell {
        TypeCell::Scalar(s) => {
            if !field.fields.is_empty() {
                ctx.error(
                    row.line,
                    format!("`{}` has type {s:?} but also has child fields", row.name),
                );
                return None;
            }
            field.ty = Type::Scalar(s);
        }
        TypeCell::Struct => {
            if field.fields.is_empty() {
                if let Some(obj) = inner {
                    flat_children(ctx, rows, depth, level, Some(obj), &mut field);
                }
            }
            field.ty = Type::Struct;
        }
        TypeCell::Empty if !field.fields.is_empty() => {
            // Children without a declared container type: a list when the
            // sample shows one or the name says so.
            let listy = own
                .is_some_and(|v| v.is_array() || wrapper_key(Some(v), &field.fields).is_some())
                || row.name.ends_with("List");
            if listy {
                field.item_name = wrapper_key(own, &field.fields);
                field.ty = Type::StructList;
            } else {
                field.ty = Type::Struct;
            }
        }
        TypeCell::Empty => {
            let listy = own.is_some_and(Value::is_array) || row.name.ends_with("List");
            if !listy {
                ctx.error(
                    row.line,
                    format!("response field `{}` has no type", row.name),
                );
                return None;
            }
            ctx.warning(
                row.line,
                format!(
                    "response field `{}` has no type; read as a list of strings",
                    row.name
                ),
            );
            field.item_name = wrapper_key(own, &[]);
            field.ty = Type::ScalarList(Scalar::String);
        }
        TypeCell::Named(type_name) => match ctx.subtables.take() {
            Some(table) => {
                let sub_rows = match columns(table, ctx.file, "type definition", ctx.diags) {
                    Some(cols) => raw_rows(table, &cols, ctx.file, ctx.diags),
                    None => return None,
                };
                let sub_level = own.and_then(|v| item_object(v, None));
                let sub_level = match (own, sub_level) {
                    (Some(Value::Object(m)), _) if m.len() == 1 => {
                        own.and_then(|v| item_object(v, m.keys().next().map(String::as_str)))
                    }
                    (_, l) => l,
                };
                field.fields = read_fields(ctx, sub_rows, sub_level);
                let plain_object = matches!(own, Some(Value::Object(m))
                    if m.keys().any(|k| field.fields.iter().any(|f| f.wire_name.eq_ignore_ascii_case(k))));
                if plain_object {
                    field.ty = Type::Struct;
                } else {
                    field.item_name = wrapper_key(own, &field.fields);
                    field.ty = Type::StructList;
                }
            }
            None if type_name.to_ascii_lowercase().ends_with("listtype") => {
                ctx.warning(
                    row.line,
                    format!("type `{type_name}` is not defined on the page; `{}` is read as a list of strings", row.name),
                );
                field.item_name = wrapper_key(own, &[]);
                field.ty = Type::ScalarList(Scalar::String);
            }
            None => {
                ctx.error(
                    row.line,
                    format!(
                        "type `{type_name}` of `{}` is not defined by a table in this section",
                        row.name
                    ),
                );
                return None;
            }
        },
        TypeCell::List | TypeCell::ArrayOf(_) => {
            let item = item_hint.clone();
            // `Array of X` followed by a bare `X` row: the children follow flat.
            let marker = rows
                .peek()
                .filter(|r| {
                    r.depth == depth
                        && r.ty.is_empty()
                        && item.as_deref().is_none_or(|i| i == r.name)
                })
                .map(|r| r.name.clone());
            if let Some(marker) = marker {
                rows.next();
                let inner = own.and_then(|v| item_object(v, Some(&marker)));
                field.item_name = Some(marker);
                // Without a sample item, flat children run while their names
                // stay in alphabetical order (the pages sort them).
                flat_children(ctx, rows, depth, level, inner, &mut field);
            } else if field.fields.is_empty() && inner.is_some() {
                // A plain `Array` whose sample items are objects: its
                // children are the flat rows that name their keys.
                if let Some(obj) = inner {
                    flat_children(ctx, rows, depth, level, Some(obj), &mut field);
                }
                field.item_name = item.clone().or_else(|| wrapper_key(own, &field.fields));
            } else {
                if field.fields.is_empty() && matches!(cell, TypeCell::ArrayOf(_))
                    || row.ty.eq_ignore_ascii_case("array")
                {
                    // No sample item to tell: an `Array` followed by rows in
                    // alphabetical order takes that run as its item's fields.
                    let taken = flat_children(ctx, rows, depth, level, None, &mut field);
                    if taken > 0 {
                        ctx.warning(
                            row.line,
                            format!("`{}` is an array with no sample item; the {taken} rows after it, in alphabetical order, are read as its fields", row.name),
                        );
                    }
                }
                field.item_name = item.clone().or_else(|| wrapper_key(own, &field.fields));
            }
            field.ty = match (item.as_deref().and_then(scalar), field.fields.is_empty()) {
                (Some(s), true) => Type::ScalarList(s),
                (None, true) => Type::ScalarList(Scalar::String),
                _ => Type::StructList,
            };
            if matches!(field.ty, Type::ScalarList(_)) && item.as_deref().and_then(scalar).is_some()
            {
                field.item_name = wrapper_key(own, &[]);
            }
        }
    }
    Some(field)
}

/// Whether a sample value can be read as the scalar type.
fn fits(ty: Scalar, value: &Value) -> bool {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => return true,
        _ => return false,
    };
    if text.is_empty() {
        return true;
    }
    match ty {
        Scalar::String => true,
        Scalar::Integer => text.parse::<i32>().is_ok(),
        Scalar::Long => text.parse::<i64>().is_ok(),
        Scalar::Float => text.parse::<f64>().is_ok(),
        Scalar::Boolean => matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "0" | "1"
        ),
    }
}

/// Checks the documented types against the sample response. Where they
/// disagree, what a real response carries wins: a number documented for a
/// value the sample shows as text becomes a string, a scalar the sample
/// shows as a list becomes a list; each change is a warning.
fn reconcile(
    file: &str,
    fields: &mut [Field],
    sample: &Map<String, Value>,
    diags: &mut Vec<Diagnostic>,
) {
    for field in fields {
        let Some(value) = get_ci(sample, &field.wire_name) else {
            continue;
        };
        match field.ty.clone() {
            Type::Scalar(s) => {
                if let Value::Array(items) = value {
                    if items.iter().all(|v| fits(s, v)) {
                        diags.push(Diagnostic::warning(
                            file,
                            field.line,
                            format!("`{}` is documented as {s:?} but its sample is a list; read as a list", field.wire_name),
                        ));
                        field.ty = Type::ScalarList(s);
                        continue;
                    }
                }
                if !fits(s, value) {
                    let shown = match value {
                        Value::Object(_) => "an object".to_string(),
                        Value::Array(_) => "a list".to_string(),
                        other => other.to_string(),
                    };
                    if value.is_object() || value.is_array() {
                        diags.push(Diagnostic::warning(
                            file,
                            field.line,
                            format!("`{}` is documented as {s:?} but its sample is {shown}; the documented type is kept", field.wire_name),
                        ));
                    } else {
                        diags.push(Diagnostic::warning(
                            file,
                            field.line,
                            format!("`{}` is documented as {s:?} but its sample is {shown}; read as String", field.wire_name),
                        ));
                        field.ty = Type::Scalar(Scalar::String);
                    }
                }
            }
            Type::Struct | Type::StructList => {
                if let Some(inner) = item_object(value, field.item_name.as_deref()) {
                    let inner = inner.clone();
                    reconcile(file, &mut field.fields, &inner, diags);
                }
            }
            Type::ScalarList(_) => {}
        }
    }
}

/// Case-insensitive lookup (samples write `requestId` for `RequestId`).
fn get_ci<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// The object a field's sample value describes: the value itself, the first
/// element of an array, or the content of an `{item: ...}` wrapper.
fn item_object<'a>(value: &'a Value, item: Option<&str>) -> Option<&'a Map<String, Value>> {
    match value {
        Value::Array(items) => items.first().and_then(|v| item_object(v, None)),
        Value::Object(map) => match item.and_then(|i| get_ci(map, i)) {
            Some(inner) if map.len() == 1 => item_object(inner, None),
            _ => Some(map),
        },
        _ => None,
    }
}

/// Moves the flat rows that follow `field` into it while the sample shows
/// them inside the field's object (`obj`) rather than beside it (`level`).
/// A row the sample shows in neither place (samples are often partial) is
/// taken while the rows stay in alphabetical order, as the pages sort them.
fn flat_children(
    ctx: &mut Ctx<'_, '_>,
    rows: &mut Rows,
    depth: usize,
    level: Option<&Map<String, Value>>,
    obj: Option<&Map<String, Value>>,
    field: &mut Field,
) -> usize {
    let mut previous = String::new();
    let mut taken = 0;
    while let Some(next) = rows.peek() {
        let name = next.name.to_ascii_lowercase();
        let inside = obj.is_some_and(|o| get_ci(o, &next.name).is_some());
        let beside = level.is_some_and(|l| get_ci(l, &next.name).is_some());
        let in_order = name >= previous;
        if next.depth != depth || beside || !(inside || in_order) {
            break;
        }
        previous = name;
        if let Some(child) = response_field(ctx, rows, depth, obj) {
            field.fields.push(child);
            taken += 1;
        }
    }
    taken
}

fn section_samples(file: &str, section: &Section, diags: &mut Vec<Diagnostic>) -> Vec<Sample> {
    let mut out = Vec::new();
    for block in &section.blocks {
        let Block::Code {
            text, label, line, ..
        } = block
        else {
            continue;
        };
        let trimmed = text.trim_start();
        let label = label.to_ascii_lowercase();
        if label.contains("error") || label.contains("request") || trimmed.starts_with("http") {
            continue;
        }
        let format = if trimmed.starts_with('{') || trimmed.starts_with('[') {
            SampleFormat::Json
        } else if trimmed.starts_with('<') {
            SampleFormat::Xml
        } else {
            continue;
        };
        // A known typo in the pages: `<? xml … ? >` for the XML declaration.
        let mut text = text.clone();
        if format == SampleFormat::Xml && text.trim_start().starts_with("<? xml") {
            text = text.replacen("<? xml", "<?xml", 1).replacen("? >", "?>", 1);
            diags.push(Diagnostic::warning(
                file,
                *line,
                "sample XML declaration written `<? xml … ? >`; read as `<?xml … ?>`",
            ));
        }
        let text = &text;
        let invalid = match format {
            SampleFormat::Json => serde_json::from_str::<serde_json::Value>(text)
                .err()
                .map(|e| e.to_string()),
            SampleFormat::Xml => check_xml(text).err(),
        };
        if let Some(reason) = &invalid {
            diags.push(Diagnostic::warning(
                file,
                *line,
                format!(
                    "sample {format:?} response is not valid: {reason}; it is not used as a test"
                ),
            ));
        }
        out.push(Sample {
            format,
            text: text.clone(),
            line: *line,
            invalid,
        });
    }
    out
}

/// An XML sample as the JSON tree its response would decode through: the
/// root's content as an object, repeated children as arrays, leaves as text.
pub(crate) fn xml_tree(text: &str) -> Option<Map<String, Value>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    // Each open element: its name and the children seen so far.
    let mut stack: Vec<(String, Map<String, Value>, String)> = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                stack.push((name, Map::new(), String::new()));
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.2.push_str(&t.unescape().ok()?);
                }
            }
            Event::End(_) => {
                let (name, children, text) = stack.pop()?;
                let value = if children.is_empty() {
                    Value::String(text)
                } else {
                    Value::Object(children)
                };
                match stack.last_mut() {
                    None => return value.as_object().cloned(),
                    Some(parent) => match parent.1.get_mut(&name) {
                        None => {
                            parent.1.insert(name, value);
                        }
                        Some(Value::Array(items)) => items.push(value),
                        Some(existing) => {
                            let first = existing.take();
                            *existing = Value::Array(vec![first, value]);
                        }
                    },
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Checks that `text` is one well-formed XML element.
fn check_xml(text: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Text(t)) if depth == 0 && !t.iter().all(u8::is_ascii_whitespace) => {
                return Err("text outside the root element".into())
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("at byte {}: {e}", reader.buffer_position())),
        }
    }
    match (depth, roots) {
        (0, 1) => Ok(()),
        (0, 0) => Err("no root element".into()),
        (0, n) => Err(format!("{n} root elements; expected one")),
        _ => Err("an element is not closed".into()),
    }
}
