//! Response fields as a tree, with the sample response as a guide.

use serde_json::{Map, Value};

use super::rows::{columns, raw_rows, scalar, type_cell, RawRow, TypeCell};
use super::{is_identifier, main_table, Subtables};
use crate::diagnostics::Diagnostic;
use crate::model::{Field, Scalar, Type};
use crate::page::Section;
use crate::values::allowed_values;

pub(super) fn response_fields(
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
pub(super) struct Ctx<'a, 'd> {
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
pub(super) fn read_fields(
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

pub(super) type Rows = std::iter::Peekable<std::vec::IntoIter<RawRow>>;

/// The wrapper key of a list, when the sample shows the list inside a
/// one-key object (`"Data": {"TaskInfo": [...]}`) whose key is not one of
/// the item's own fields.
pub(super) fn wrapper_key(own: Option<&Value>, fields: &[Field]) -> Option<String> {
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
pub(super) fn response_field(
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
pub(super) fn fits(ty: Scalar, value: &Value) -> bool {
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
pub(super) fn reconcile(
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
pub(super) fn get_ci<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// The object a field's sample value describes: the value itself, the first
/// element of an array, or the content of an `{item: ...}` wrapper.
pub(super) fn item_object<'a>(
    value: &'a Value,
    item: Option<&str>,
) -> Option<&'a Map<String, Value>> {
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
pub(super) fn flat_children(
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
