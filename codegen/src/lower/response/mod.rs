//! Response fields as a tree, decided in four small steps:
//!
//! 1. [`shape`]: the valid samples (JSON first, XML where no JSON sample is
//!    valid) become one tree of places;
//! 2. [`place::attach`]: each table row is attached to the sample node of
//!    the same name, the table's structure and row order choosing where a
//!    name occurs at several depths;
//! 3. [`place::sample_parent`]: a row a sample shows goes where the sample
//!    shows it, whatever the row order suggests;
//! 4. [`place::place`]: only the rows no sample shows are placed by the
//!    table's own structure (`└`, `Array of X`, named tables), and where
//!    even that does not tell, by the alphabetical guess, with a warning.
//!
//! [`types`] then decides each field's type from its type cell, its
//! children and what the samples show, reporting every disagreement.

mod place;
mod rows;
pub(crate) mod shape;
mod types;

use place::{Parent, Placement};
use rows::Row;
pub(crate) use shape::ShapeTree;

use super::rows::repeated_row;
use super::{main_table, Subtables};
use crate::diagnostics::Diagnostic;
use crate::model::{Field, Scalar, Type};
use crate::page::Section;
use crate::values::allowed_values;

/// A place where the samples and the table disagree on the structure and
/// the table is followed: the samples showing `path` are wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Disagreement {
    /// The sample keys from the top to the node the table contradicts.
    pub path: Vec<String>,
    /// Line of the table row that is followed.
    pub line: usize,
    /// What the sample does and what the table says, in a sentence.
    pub what: String,
}

/// The response fields of a section, placed with the samples' help, and
/// where the samples disagree with the table's structure.
pub(super) fn response_fields(
    file: &str,
    section: &Section,
    tree: Option<&ShapeTree>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Field>, Vec<Disagreement>) {
    let Some(table) = main_table(section) else {
        diags.push(Diagnostic::warning(
            file,
            section.line,
            "the response parameters section has no table (expected `|Parameter|Type|Example|Description|`); the response is read as `RequestId` alone",
        ));
        return (vec![request_id_only()], Vec::new());
    };
    let mut subtables = Subtables::of(section);
    let rows = rows::flatten(file, table, &mut subtables, diags);
    let placement = place::place(&rows, tree);
    report_placement(file, &rows, &placement, tree, diags);
    let disagreements = match tree {
        Some(tree) => placement
            .dropped
            .iter()
            .map(|&(r, k)| {
                let node = &tree.nodes[k];
                let place = match node.parent {
                    Some(p) if p != 0 => format!("inside `{}`", tree.path(p)),
                    _ => "at the top level".to_string(),
                };
                Disagreement {
                    path: tree.keys(k),
                    line: rows[r].raw.line,
                    what: format!(
                        "`{}` is shown {place} as one object, where the table has the list `{}` (line {}) of such items: the sample leaves out the list's wrapper",
                        node.key, rows[r].raw.name, rows[r].raw.line
                    ),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let fields = Builder {
        file,
        rows: &rows,
        placement: &placement,
        tree,
        diags,
    }
    .build();
    (fields, disagreements)
}

/// The response of a page that documents none: every RPC response carries
/// `RequestId`.
pub(super) fn request_id_only() -> Field {
    Field {
        wire_name: "RequestId".into(),
        rust_name: String::new(),
        ty: Type::Scalar(Scalar::String),
        type_name: None,
        shared: false,
        item_name: None,
        example: None,
        description: "The ID of the request. The page documents no response fields; every response carries this one.".into(),
        allowed_values: Vec::new(),
        line: 0,
        fields: Vec::new(),
        time: None,
    }
}

/// Warnings for the rows placed by the alphabetical guess and for the
/// sample objects no row describes.
fn report_placement(
    file: &str,
    rows: &[Row],
    placement: &Placement,
    tree: Option<&ShapeTree>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut by_container: Vec<(usize, Vec<&str>)> = Vec::new();
    for &u in &placement.guessed {
        let Parent::Row(l) = placement.parent[u] else {
            continue;
        };
        match by_container.iter_mut().find(|(c, _)| *c == l) {
            Some((_, names)) => names.push(&rows[u].raw.name),
            None => by_container.push((l, vec![&rows[u].raw.name])),
        }
    }
    for (l, names) in by_container {
        let end = match placement.run_ends.iter().find(|(c, _, _)| *c == l) {
            Some(&(_, u, a)) => format!(
                "; the rows from `{}` on sort between `{}` and `{}` (shown beside it) and are read as beside it",
                rows[u].raw.name, rows[l].raw.name, rows[a].raw.name
            ),
            None => String::new(),
        };
        diags.push(Diagnostic::warning(
            file,
            rows[l].raw.line,
            format!(
                "no sample shows which rows after `{}` are its fields; the {} rows that follow it in alphabetical order are read as its fields ({}){end}",
                rows[l].raw.name,
                names.len(),
                names.join(", ")
            ),
        ));
    }
    if let Some(tree) = tree {
        for (node, _) in &placement.added {
            let line = rows
                .iter()
                .zip(&placement.node)
                .filter(|(_, n)| n.is_some_and(|n| tree.encloses(*node, n)))
                .map(|(r, _)| r.raw.line)
                .min()
                .unwrap_or(0);
            diags.push(Diagnostic::warning(
                file,
                line,
                format!(
                    "the sample puts documented fields inside `{}`, which the table does not list; it is added as a field",
                    tree.path(*node)
                ),
            ));
        }
    }
}

/// What a field is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Row(usize),
    Node(usize),
}

struct Builder<'a, 'd> {
    file: &'a str,
    rows: &'a [Row],
    placement: &'a Placement,
    tree: Option<&'a ShapeTree>,
    diags: &'d mut Vec<Diagnostic>,
}

impl Builder<'_, '_> {
    /// The children of every source and of the root, in table order (a
    /// field added for a sample node sits where its first field is).
    fn children(&self) -> (Vec<Source>, Vec<(Source, Vec<Source>)>) {
        let mut root = Vec::new();
        let mut children: Vec<(Source, Vec<Source>)> = Vec::new();
        let mut attached: Vec<Source> = Vec::new();
        fn push(
            root: &mut Vec<Source>,
            children: &mut Vec<(Source, Vec<Source>)>,
            parent: Option<Source>,
            child: Source,
        ) {
            match parent {
                None => root.push(child),
                Some(p) => match children.iter_mut().find(|(s, _)| *s == p) {
                    Some((_, list)) => list.push(child),
                    None => children.push((p, vec![child])),
                },
            }
        }
        let parent_of = |p: Parent| match p {
            Parent::Root => None,
            Parent::Row(r) => Some(Source::Row(r)),
            Parent::Node(n) => Some(Source::Node(n)),
        };
        for (i, row) in self.rows.iter().enumerate() {
            if row.marker_for.is_some() {
                continue;
            }
            let parent = self.placement.parent[i];
            // Attach the added fields this row sits in, outermost first.
            let mut chain = Vec::new();
            let mut cur = parent;
            while let Parent::Node(n) = cur {
                if attached.contains(&Source::Node(n)) {
                    break;
                }
                chain.push(n);
                cur = self
                    .placement
                    .added
                    .iter()
                    .find(|(a, _)| *a == n)
                    .map_or(Parent::Root, |(_, p)| *p);
            }
            for n in chain.into_iter().rev() {
                let p = self
                    .placement
                    .added
                    .iter()
                    .find(|(a, _)| *a == n)
                    .map_or(Parent::Root, |(_, p)| *p);
                push(&mut root, &mut children, parent_of(p), Source::Node(n));
                attached.push(Source::Node(n));
            }
            push(&mut root, &mut children, parent_of(parent), Source::Row(i));
        }
        (root, children)
    }

    fn build(mut self) -> Vec<Field> {
        let (root, children) = self.children();
        let mut out = Vec::new();
        for source in root {
            if let Some(field) = self.field(source, &children) {
                push_unique(self.file, &mut out, field, self.diags);
            }
        }
        out
    }

    fn field(&mut self, source: Source, all: &[(Source, Vec<Source>)]) -> Option<Field> {
        let kids: Vec<Source> = all
            .iter()
            .find(|(s, _)| *s == source)
            .map(|(_, k)| k.clone())
            .unwrap_or_default();
        let mut fields = Vec::new();
        for kid in kids {
            if let Some(f) = self.field(kid, all) {
                push_unique(self.file, &mut fields, f, self.diags);
            }
        }
        match source {
            Source::Row(i) => {
                let row = &self.rows[i];
                let marker = self
                    .rows
                    .iter()
                    .find(|r| r.marker_for == Some(i))
                    .map(|r| r.raw.name.clone());
                // A list whose wrapper the sample drops: the table's list,
                // of the items the sample names.
                let dropped = self
                    .placement
                    .dropped
                    .iter()
                    .find(|(r, _)| *r == i)
                    .zip(self.tree)
                    .filter(|_| !fields.is_empty())
                    .map(|(&(_, k), tree)| types::Decided {
                        ty: Type::StructList,
                        item_name: Some(tree.nodes[k].key.clone()),
                    });
                let decided = match dropped {
                    Some(d) => d,
                    None => types::decide(
                        &mut types::Ctx {
                            file: self.file,
                            tree: self.tree,
                            diags: self.diags,
                        },
                        row,
                        self.placement.node[i],
                        marker.as_deref(),
                        &fields,
                    )?,
                };
                // Where the sample spells the key otherwise (`TaskNo` for the
                // table's `Taskno`), the sample shows what responses carry.
                let mut wire_name = row.raw.name.clone();
                if let (Some(tree), Some(n)) = (self.tree, self.placement.node[i]) {
                    let key = &tree.nodes[n].key;
                    let lower_camel = key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                        && key.get(1..) == row.raw.name.get(1..);
                    if *key != row.raw.name && !lower_camel {
                        self.diags.push(Diagnostic::warning(
                            self.file,
                            row.raw.line,
                            format!("the table spells the field `{}` but the sample `{key}`; the sample's spelling is used", row.raw.name),
                        ));
                        wire_name = key.clone();
                    }
                }
                Some(Field {
                    wire_name,
                    rust_name: String::new(),
                    type_name: None,
                    shared: false,
                    ty: decided.ty,
                    item_name: decided.item_name,
                    example: row.raw.example.clone(),
                    allowed_values: allowed_values(&row.raw.description),
                    description: row.raw.description.clone(),
                    line: row.raw.line,
                    fields,
                    time: None,
                })
            }
            Source::Node(n) => {
                let tree = self.tree?;
                let node = &tree.nodes[n];
                let (ty, item_name) = types::added_node_type(tree, n, &fields);
                Some(Field {
                    wire_name: node.key.clone(),
                    rust_name: String::new(),
                    type_name: None,
                    shared: false,
                    ty,
                    item_name,
                    example: None,
                    allowed_values: Vec::new(),
                    description: String::new(),
                    line: self
                        .rows
                        .iter()
                        .zip(&self.placement.node)
                        .filter(|(_, m)| m.is_some_and(|m| tree.encloses(n, m)))
                        .map(|(r, _)| r.raw.line)
                        .min()
                        .unwrap_or(0),
                    fields,
                    time: None,
                })
            }
        }
    }
}

/// Adds `field`, or merges it into the sibling of the same wire name: the
/// first row is kept (with the fields of both), and the repetition is
/// reported.
fn push_unique(file: &str, out: &mut Vec<Field>, field: Field, diags: &mut Vec<Diagnostic>) {
    let Some(first) = out.iter_mut().find(|f| f.wire_name == field.wire_name) else {
        out.push(field);
        return;
    };
    let differs = [
        ("type", first.ty != field.ty),
        ("description", first.description != field.description),
        ("example", first.example != field.example),
    ];
    let message = repeated_row("response field", &field.wire_name, first.line, &differs);
    diags.push(Diagnostic::warning(file, field.line, message));
    for f in field.fields {
        push_unique(file, &mut first.fields, f, diags);
    }
}
