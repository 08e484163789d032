//! The response table as the rows the placement works on: the main table
//! and the named-type tables it refers to, flattened in reading order, each
//! row with what the table alone says about it.

use super::super::rows::{columns, is_placeholder, raw_rows, scalar, type_cell, RawRow, TypeCell};
use super::super::Subtables;
use crate::diagnostics::Diagnostic;
use crate::table::Table;

/// One row of the response tables.
#[derive(Debug)]
pub(in crate::lower) struct Row {
    /// The cells.
    pub raw: RawRow,
    /// Its type cell; `Empty` when the cell was unreadable (reported).
    pub cell: TypeCell,
    /// The row it is nested under by the table itself: a `└` parent, or the
    /// row whose named type the row's table defines.
    pub table_parent: Option<usize>,
    /// For a bare `X` row right after `Array of X` (or a plain list row):
    /// that list row. The row is not a field; it names the list's items.
    pub marker_for: Option<usize>,
}

impl Row {
    /// Whether the rows after this one may be its fields when the table does
    /// not nest them (`Array of X` followed by flat rows).
    pub fn opens_run(&self) -> bool {
        match &self.cell {
            TypeCell::List | TypeCell::Struct | TypeCell::Empty | TypeCell::NotApplicable => true,
            TypeCell::ArrayOf(item) => scalar(item).is_none(),
            TypeCell::Named(_) | TypeCell::Scalar(_) | TypeCell::Json | TypeCell::Unknown => false,
        }
    }

    /// Whether the row's type says it is a list.
    pub fn is_list(&self) -> bool {
        matches!(self.cell, TypeCell::List | TypeCell::ArrayOf(_))
    }

    /// Whether a one-key object in the samples, whose key no row names, is
    /// the wrapper of this row's items (`"Data": {"Item": {...}}`): the row
    /// is a list, or its type does not say (a named type, `N/A`, blank). A
    /// row typed `Struct` is an object, and the key a field of its own.
    pub fn may_wrap_items(&self) -> bool {
        self.is_list()
            || matches!(
                self.cell,
                TypeCell::Named(_) | TypeCell::Empty | TypeCell::NotApplicable
            )
    }
}

/// Reads the main table and, for each row of a named type (`DomainListType`),
/// the next table of the section, whose rows become that row's children.
pub(in crate::lower) fn flatten(
    file: &str,
    main: &Table,
    subtables: &mut Subtables<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Row> {
    let mut out = Vec::new();
    let cols = columns(main, file, "response parameters", diags);
    let raws = raw_rows(main, &cols, file, diags);
    push_rows(file, raws, None, subtables, &mut out, diags);
    mark_items(&mut out);
    out
}

fn push_rows(
    file: &str,
    raws: Vec<RawRow>,
    owner: Option<usize>,
    subtables: &mut Subtables<'_>,
    out: &mut Vec<Row>,
    diags: &mut Vec<Diagnostic>,
) {
    // The last row seen at each `└` depth of this table.
    let mut at_depth: Vec<usize> = Vec::new();
    for mut raw in raws {
        let cell = match type_cell(&raw.ty) {
            // An empty cell, or a table without a type column: the samples
            // tell (`types::no_fields`).
            Ok(c) => c,
            // A short row whose second cell is prose: its type was left out.
            Err(_) if raw.short => {
                diags.push(Diagnostic::warning(
                    file,
                    raw.line,
                    format!("row `{}` has no type cell; its type is inferred", raw.name),
                ));
                TypeCell::Empty
            }
            Err(message) => {
                diags.push(Diagnostic::warning(
                    file,
                    raw.line,
                    format!(
                        "{message}; `{}` is read as a String (as JSON if its sample is an object)",
                        raw.name
                    ),
                ));
                TypeCell::Unknown
            }
        };
        // A dotted name (`Data.Items.N.Name`) says where the field is: under
        // the nearest row above named like the segment before its own.
        let mut dotted_parent = None;
        if raw.name.contains('.') {
            let written = raw.name.clone();
            let segments: Vec<&str> = written
                .split('.')
                .map(str::trim)
                .enumerate()
                .filter(|(i, s)| !s.is_empty() && (*i == 0 || !is_placeholder(s)))
                .map(|(_, s)| s)
                .collect();
            let Some((last, before)) = segments.split_last() else {
                diags.push(Diagnostic::warning(
                    file,
                    raw.line,
                    format!("field name `{written}` has no name in it; the row is skipped"),
                ));
                continue;
            };
            raw.name = last.to_string();
            if let Some(parent_name) = before.last() {
                dotted_parent = out.iter().rposition(|r: &Row| r.raw.name == *parent_name);
                diags.push(Diagnostic::warning(
                    file,
                    raw.line,
                    match dotted_parent {
                        Some(_) => format!("field name `{written}` read as `{last}` inside `{parent_name}`"),
                        None => format!("field name `{written}` read as `{last}`; no row above is named `{parent_name}`"),
                    },
                ));
            } else if written != *last {
                diags.push(Diagnostic::warning(
                    file,
                    raw.line,
                    format!("field name `{written}` read as `{last}`"),
                ));
            }
        }
        let depth = raw.depth.min(at_depth.len());
        at_depth.truncate(depth);
        let table_parent = match (depth, dotted_parent) {
            (_, Some(p)) => Some(p),
            (0, None) => owner,
            (d, None) => at_depth.get(d - 1).copied(),
        };
        let index = out.len();
        let named = matches!(&cell, TypeCell::Named(_));
        out.push(Row {
            raw,
            cell,
            table_parent,
            marker_for: None,
        });
        at_depth.push(index);
        if named {
            // The named type's own table: its rows are this row's fields.
            if let Some(table) = subtables.take() {
                let cols = columns(table, file, "type definition", diags);
                let sub = raw_rows(table, &cols, file, diags);
                push_rows(file, sub, Some(index), subtables, out, diags);
            }
        }
    }
}

/// Marks the bare rows that name a list's items: a row without a type and
/// without children right after a list row (`Array of X` + `X`, or a plain
/// `Array`/`List` + any name).
fn mark_items(rows: &mut [Row]) {
    for i in 1..rows.len() {
        let l = i - 1;
        let bare = matches!(rows[i].cell, TypeCell::Empty)
            && rows[i].table_parent == rows[l].table_parent
            && !rows.iter().any(|r| r.table_parent == Some(i));
        let names_items = match &rows[l].cell {
            TypeCell::ArrayOf(item) => item.eq_ignore_ascii_case(&rows[i].raw.name),
            TypeCell::List => true,
            _ => false,
        };
        let list_has_children = rows.iter().any(|r| r.table_parent == Some(l));
        if bare && names_items && !list_has_children && rows[l].marker_for.is_none() {
            rows[i].marker_for = Some(l);
        }
    }
}
