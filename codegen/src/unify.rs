//! One type per shared shape: which enums and structures of the model are
//! the same, across operations and within one.
//!
//! This pass reads the lowered model and groups its typed elements (enum
//! values, structures, lists of structures) by *shape* ([`shapes`]); a
//! group used more than once becomes one type of the `types` module, named
//! by [`plan`] (and [`naming`](crate::naming) gives every use that name).
//! Two elements have the same shape when they are
//!
//! - **enums** with the same wire name (compared without case and
//!   punctuation: `TaskStatus`, `taskStatus`, `task_status`) and the same
//!   set of listed values, in any order. Where an enum sits (request or
//!   response, which operation, how deep) does not matter: values travel as
//!   text either way. The wire name counts because listed values alone say
//!   little: `1`/`2` is a registrant type on one page and an expiry state on
//!   another;
//! - **response structures** with the same fields: wire names, types, list
//!   wrapper keys and, recursively, the same shapes, in any order. The
//!   structure's own wire name does not count, so that the three identical
//!   page cursors of one response are one type;
//! - **request structures** with the same parameters: wire names, types,
//!   whether required and, recursively, the same shapes.
//!
//! A request structure and a response structure are never one type: one is
//! written as parameters through a builder, the other read from a body.
//! A structure without fields has nothing but its name, so two of them are
//! the same only under the same wire name.
//!
//! Every element inside a structure used twice is itself used twice, so the
//! structures and enums a shared structure holds are always shared too.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::model::{Api, Field, Operation, Parameter, Scalar, Type, TypeUse};
use crate::naming::camel;

/// The side of an operation an element is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// A request parameter.
    Request,
    /// A response field.
    Response,
}

/// Where an element is: its operation (index in `Api::operations`), its
/// side, and the indices down the parameter or field tree. Sites order as
/// the model reads: operations by name, request before response, page
/// order, a parent before its children.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Site {
    /// Index of the operation.
    pub op: usize,
    /// Request or response.
    pub side: Side,
    /// Indices from the top-level list down to the element.
    pub path: Vec<usize>,
}

impl Site {
    /// The site of the structure holding this element, or `None` for a
    /// top-level parameter or field.
    pub fn parent(&self) -> Option<Site> {
        (self.path.len() > 1).then(|| Site {
            op: self.op,
            side: self.side,
            path: self.path[..self.path.len() - 1].to_vec(),
        })
    }
}

/// What a shape is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ShapeKind {
    /// An enum (a string or integer with listed values).
    Enum,
    /// A response structure (or the element of a list of them).
    Response,
    /// A request structure (or the element of a list of them).
    Request,
}

/// Elements of one shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// What it is.
    pub kind: ShapeKind,
    /// The canonical description of the shape (what makes two elements
    /// the same); stable, for tests and diagnostics.
    pub key: String,
    /// Every element of this shape, in model order (never empty).
    pub uses: Vec<Site>,
}

impl Shape {
    /// Whether the shape is used more than once, and so is one type of
    /// the `types` module.
    pub fn is_shared(&self) -> bool {
        self.uses.len() > 1
    }
}

/// Every typed element of a model, grouped by shape.
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    /// The groups, ordered by first use.
    pub shapes: Vec<Shape>,
    by_site: BTreeMap<Site, usize>,
}

impl Shapes {
    /// The index of the shape of the element at `site`, if it is typed.
    pub fn at(&self, site: &Site) -> Option<usize> {
        self.by_site.get(site).copied()
    }
}

/// Groups the typed elements of `api` by shape.
pub fn shapes(api: &Api) -> Shapes {
    let mut found: Vec<(Site, ShapeKind, String)> = Vec::new();
    for (i, op) in api.operations.iter().enumerate() {
        for (j, p) in op.request.iter().enumerate() {
            member_key(
                p,
                Site {
                    op: i,
                    side: Side::Request,
                    path: vec![j],
                },
                &mut found,
            );
        }
        for (j, f) in op.response.iter().enumerate() {
            member_key(
                f,
                Site {
                    op: i,
                    side: Side::Response,
                    path: vec![j],
                },
                &mut found,
            );
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let mut index: BTreeMap<(ShapeKind, String), usize> = BTreeMap::new();
    let mut out = Shapes::default();
    for (site, kind, key) in found {
        let n = *index.entry((kind, key.clone())).or_insert_with(|| {
            out.shapes.push(Shape {
                kind,
                key,
                uses: Vec::new(),
            });
            out.shapes.len() - 1
        });
        out.shapes[n].uses.push(site.clone());
        out.by_site.insert(site, n);
    }
    out
}

/// A wire name as compared: lower case, letters and digits only.
fn normal(wire: &str) -> String {
    wire.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The key of an enum: its normalised wire name and its sorted values.
pub fn enum_key(wire: &str, values: &[crate::model::AllowedValue]) -> String {
    let mut v: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    format!("enum {} [{}]", normal(wire), v.join("\u{1f}"))
}

/// The type part of a member's key: `enum` for enum values (however
/// coded), else the wire type.
fn type_tag(ty: &Type, is_enum: bool) -> String {
    if is_enum {
        "enum".into()
    } else {
        format!("{ty:?}")
    }
}

/// A structure's key from its members' keys (sorted: order does not
/// count), or from its wire name when it has none.
fn struct_key(prefix: &str, wire: &str, mut members: Vec<String>) -> String {
    if members.is_empty() {
        return format!("{prefix} {}{{}}", normal(wire));
    }
    members.sort_unstable();
    format!("{prefix}{{{}}}", members.join(";"))
}

/// What shape keys and tree walks need from an element of either side: a
/// request parameter or a response field.
trait Member: Sized {
    /// The kind of a structure of this side, and its key's prefix.
    const STRUCT: (ShapeKind, &'static str);
    fn wire(&self) -> &str;
    fn ty(&self) -> &Type;
    fn is_enum(&self) -> bool;
    fn allowed_values(&self) -> &[crate::model::AllowedValue];
    fn children(&self) -> &[Self];
    fn children_mut(&mut self) -> &mut Vec<Self>;
    /// What else tells two members of a structure apart: a field's list
    /// item name, a parameter's required flag.
    fn distinction(&self) -> String;
}

/// `Member` for a model type with `wire_name`, `ty`, `allowed_values`,
/// `fields` and `is_enum()`, which `Field` and `Parameter` both have.
macro_rules! member {
    ($ty:ident, $kind:expr, $prefix:literal, |$m:ident| $distinction:expr) => {
        impl Member for $ty {
            const STRUCT: (ShapeKind, &'static str) = ($kind, $prefix);
            fn wire(&self) -> &str {
                &self.wire_name
            }
            fn ty(&self) -> &Type {
                &self.ty
            }
            fn is_enum(&self) -> bool {
                $ty::is_enum(self)
            }
            fn allowed_values(&self) -> &[crate::model::AllowedValue] {
                &self.allowed_values
            }
            fn children(&self) -> &[Self] {
                &self.fields
            }
            fn children_mut(&mut self) -> &mut Vec<Self> {
                &mut self.fields
            }
            fn distinction(&self) -> String {
                let $m = self;
                $distinction
            }
        }
    };
}

member!(Field, ShapeKind::Response, "res", |f| f
    .item_name
    .clone()
    .unwrap_or_default());
member!(Parameter, ShapeKind::Request, "req", |p| p
    .required
    .to_string());

/// Records the shape of `m` and of everything under it; returns the key
/// of the type it holds, if any.
fn member_key<M: Member>(
    m: &M,
    site: Site,
    out: &mut Vec<(Site, ShapeKind, String)>,
) -> Option<String> {
    let (kind, key) = match m.ty() {
        Type::Scalar(_) if m.is_enum() => (ShapeKind::Enum, enum_key(m.wire(), m.allowed_values())),
        Type::Struct | Type::StructList => {
            let members = m
                .children()
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut path = site.path.clone();
                    path.push(i);
                    let inner = member_key(
                        c,
                        Site {
                            path,
                            ..site.clone()
                        },
                        out,
                    );
                    format!(
                        "{}:{}:{}:{}",
                        c.wire(),
                        type_tag(c.ty(), c.is_enum()),
                        c.distinction(),
                        inner.unwrap_or_default()
                    )
                })
                .collect();
            let (kind, prefix) = M::STRUCT;
            (kind, struct_key(prefix, m.wire(), members))
        }
        _ => return None,
    };
    out.push((site, kind, key.clone()));
    Some(key)
}

/// Makes the uses of one enum agree on how the wire carries it. Where one
/// row types an enum as a number and another row with the same wire name
/// and values types it as String, the number wins, with a warning at the
/// String row: a wrong type cell is the mistake Alibaba's API metadata (its
/// official SDKs) corrects most often, and a number the page states and
/// samples is the better witness (`QueryTaskList`'s `TaskStatusCode`,
/// String there and Integer on every other page).
pub fn harmonize(api: &mut Api, shapes: &Shapes, diags: &mut Vec<Diagnostic>) {
    let scalar = |api: &Api, site: &Site| -> Option<(Scalar, String, usize)> {
        let op = &api.operations[site.op];
        let (ty, wire, line) = match site.side {
            Side::Request => {
                let p = param_at(op, &site.path);
                (&p.ty, &p.wire_name, p.line)
            }
            Side::Response => {
                let f = field_at(op, &site.path);
                (&f.ty, &f.wire_name, f.line)
            }
        };
        match ty {
            Type::Scalar(s) => Some((*s, wire.clone(), line)),
            _ => None,
        }
    };
    let mut changes = Vec::new();
    for shape in shapes.shapes.iter().filter(|s| s.kind == ShapeKind::Enum) {
        let numeric = shape
            .uses
            .iter()
            .filter_map(|u| scalar(api, u))
            .map(|(s, ..)| s)
            .filter(|s| matches!(s, Scalar::Integer | Scalar::Long))
            .max_by_key(|s| matches!(s, Scalar::Long));
        let Some(to) = numeric else {
            continue;
        };
        let witness = shape
            .uses
            .iter()
            .find(|u| scalar(api, u).is_some_and(|(s, ..)| s == to))
            .map(|u| api.operations[u.op].name.clone())
            .unwrap_or_default();
        for site in &shape.uses {
            if let Some((Scalar::String, wire, line)) = scalar(api, site) {
                changes.push((site.clone(), wire, line, to, witness.clone()));
            }
        }
    }
    for (site, wire, line, to, witness) in changes {
        let op = &mut api.operations[site.op];
        match site.side {
            Side::Request => param_at_mut(op, &site.path).ty = Type::Scalar(to),
            Side::Response => field_at_mut(op, &site.path).ty = Type::Scalar(to),
        }
        diags.push(Diagnostic::warning(
            op.source.clone(),
            line,
            format!("`{wire}` is documented as String here but as {to:?} with the same values in `{witness}`; read as {to:?}"),
        ));
    }
}

fn param_at_mut<'a>(op: &'a mut Operation, path: &[usize]) -> &'a mut Parameter {
    member_at_mut(&mut op.request, path)
}

fn field_at_mut<'a>(op: &'a mut Operation, path: &[usize]) -> &'a mut Field {
    member_at_mut(&mut op.response, path)
}

fn member_at_mut<'a, M: Member>(mut list: &'a mut Vec<M>, path: &[usize]) -> &'a mut M {
    let (last, parents) = path.split_last().expect("a site has a path");
    for &i in parents {
        list = list[i].children_mut();
    }
    &mut list[*last]
}

/// The shared types of a model: their names, and which element is which.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// One per shared shape, in the order names were given.
    pub types: Vec<Planned>,
    by_site: BTreeMap<Site, usize>,
}

/// A shared type to be.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Its Rust name in `types`.
    pub name: String,
    /// For a request structure with a builder: the builder's name.
    pub builder: Option<String>,
    /// Its shape.
    pub kind: ShapeKind,
    /// Where it is used, in model order (the first is its definition).
    pub uses: Vec<Site>,
}

impl Plan {
    /// The shared type of the element at `site`, if it is one.
    pub fn at(&self, site: &Site) -> Option<&Planned> {
        self.by_site.get(site).map(|&i| &self.types[i])
    }
}

/// Type names the `types` module never uses for a shared type (prelude
/// names a generated module refers to unqualified).
const RESERVED: &[&str] = &[
    "Option", "Result", "Vec", "String", "Box", "Default", "Some", "None", "Ok", "Err", "Self",
];

/// Words that say too little to name a structure alone.
const GENERIC: &[&str] = &[
    "List", "Data", "Info", "Item", "Items", "Object", "Objects", "Result", "Results", "Set",
    "Entry", "Value", "Values",
];

/// Decides which shapes become shared types and names them.
///
/// Shapes used more than once are shared, and enums whose wire name the
/// product page lists (`always`, e.g. `Lang`) even when used once. Names
/// are given to the most used shapes first (then in model order), so the
/// plain name goes to the most common meaning; a later shape that wants a
/// taken name is named after where it is used (`…Param` when it is only in
/// requests, else its first container's name before it), then numbered.
pub fn plan(api: &Api, shapes: &Shapes, always: &[String]) -> Plan {
    let listed = |shape: &Shape| {
        shape.kind == ShapeKind::Enum
            && always.iter().any(|n| {
                let wire = &element(api, &shape.uses[0]).wire;
                normal(n) == normal(wire)
            })
    };
    let mut order: Vec<&Shape> = shapes
        .shapes
        .iter()
        .filter(|s| s.is_shared() || listed(s))
        .collect();
    order.sort_by(|a, b| {
        b.uses
            .len()
            .cmp(&a.uses.len())
            .then_with(|| a.uses[0].cmp(&b.uses[0]))
    });
    let mut taken: std::collections::BTreeSet<String> =
        RESERVED.iter().map(|s| s.to_string()).collect();
    let mut out = Plan::default();
    for shape in order {
        let wanted = wanted_name(api, shape);
        let mut candidates = vec![wanted.clone()];
        if shape.uses.iter().all(|u| u.side == Side::Request) {
            candidates.push(format!("{wanted}Param"));
        }
        candidates.push(format!("{}{wanted}", container_name(api, &shape.uses[0])));
        let name = match candidates.iter().find(|c| !taken.contains(*c)) {
            Some(c) => c.clone(),
            None => {
                let base = candidates.last().cloned().unwrap_or(wanted);
                (2..)
                    .map(|n| format!("{base}{n}"))
                    .find(|c| !taken.contains(c))
                    .unwrap_or(base)
            }
        };
        taken.insert(name.clone());
        let builder = (shape.kind == ShapeKind::Request
            && crate::naming::needs_builder(&element(api, &shape.uses[0]).params()))
        .then(|| {
            let b = format!("{name}Builder");
            taken.insert(b.clone());
            b
        });
        let i = out.types.len();
        for site in &shape.uses {
            out.by_site.insert(site.clone(), i);
        }
        out.types.push(Planned {
            name,
            builder,
            kind: shape.kind,
            uses: shape.uses.clone(),
        });
    }
    out
}

/// An element of the model seen through its site.
struct Element<'a> {
    /// Its wire name.
    wire: String,
    /// For a response list of structures wrapped in an object: the item key.
    item: Option<String>,
    /// Whether it is a list.
    list: bool,
    param: Option<&'a Parameter>,
}

impl Element<'_> {
    fn params(&self) -> Vec<Parameter> {
        self.param.map(|p| p.fields.clone()).unwrap_or_default()
    }
}

fn element<'a>(api: &'a Api, site: &Site) -> Element<'a> {
    let op = &api.operations[site.op];
    match site.side {
        Side::Request => {
            let p = param_at(op, &site.path);
            Element {
                wire: p.wire_name.clone(),
                item: None,
                list: p.ty.is_list(),
                param: Some(p),
            }
        }
        Side::Response => {
            let f = field_at(op, &site.path);
            Element {
                wire: f.wire_name.clone(),
                item: f.item_name.clone(),
                list: f.ty.is_list(),
                param: None,
            }
        }
    }
}

/// The request parameter at `path` (indices down the parameter tree).
pub fn param_at<'a>(op: &'a Operation, path: &[usize]) -> &'a Parameter {
    member_at(&op.request, path)
}

/// The response field at `path` (indices down the field tree).
pub fn field_at<'a>(op: &'a Operation, path: &[usize]) -> &'a Field {
    member_at(&op.response, path)
}

fn member_at<'a, M: Member>(mut list: &'a [M], path: &[usize]) -> &'a M {
    let (last, parents) = path.split_last().expect("a site has a path");
    for &i in parents {
        list = list[i].children();
    }
    &list[*last]
}

/// The name a shape would have alone: an enum's wire name; a structure's
/// list item key, else the name all its uses share, else the word ending
/// most of them share (`PrePageCursor`, `NextPageCursor` → `PageCursor`),
/// led by what the operations' names share when that word says little.
fn wanted_name(api: &Api, shape: &Shape) -> String {
    let first = element(api, &shape.uses[0]);
    if shape.kind == ShapeKind::Enum {
        return camel(&first.wire);
    }
    let elements: Vec<Element<'_>> = shape.uses.iter().map(|u| element(api, u)).collect();
    if let Some(item) = elements.iter().find_map(|e| e.item.clone()) {
        return camel(&item);
    }
    let names: Vec<String> = elements.iter().map(|e| camel(&e.wire)).collect();
    if names.iter().all(|n| n == &names[0]) {
        return names[0].clone();
    }
    // A list whose own name says nothing (`Objects`), in one operation:
    // what the operation is about (`QueryTaskDetailHistory` →
    // `TaskDetailHistory`).
    let generic_list = elements
        .iter()
        .any(|e| e.list && GENERIC.contains(&camel(&e.wire).as_str()));
    if generic_list && shape.uses.iter().all(|u| u.op == shape.uses[0].op) {
        let words = split_words(&camel(&api.operations[shape.uses[0].op].name));
        if words.len() > 1 {
            return words[1..].concat();
        }
    }
    let words: Vec<Vec<String>> = names.iter().map(|n| split_words(n)).collect();
    let mut best: Option<(usize, usize, String)> = None;
    for w in &words {
        for k in 1..=w.len() {
            let suffix = w[w.len() - k..].concat();
            let count = names.iter().filter(|n| n.ends_with(&suffix)).count();
            if count * 2 > names.len() && best.as_ref().is_none_or(|b| (count, k) > (b.0, b.1)) {
                best = Some((count, k, suffix));
            }
        }
    }
    match best {
        Some((_, k, suffix)) if k > 1 || !GENERIC.contains(&suffix.as_str()) => suffix,
        Some((_, _, suffix)) => {
            let ops: Vec<Vec<String>> = shape
                .uses
                .iter()
                .map(|u| split_words(&camel(&api.operations[u.op].name)))
                .collect();
            let common = common_suffix(&ops);
            if common.is_empty() {
                names[0].clone()
            } else {
                format!("{}{suffix}", common.concat())
            }
        }
        None => names[0].clone(),
    }
}

/// The name of what holds the element at `site`: its parent structure's
/// item key or wire name, or the operation's name at the top.
fn container_name(api: &Api, site: &Site) -> String {
    match site.parent() {
        Some(parent) => {
            let e = element(api, &parent);
            camel(e.item.as_deref().unwrap_or(&e.wire))
        }
        None => camel(&api.operations[site.op].name),
    }
}

/// `PrePageCursor` → `Pre`, `Page`, `Cursor`.
fn split_words(camel: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in camel.chars() {
        match words.last_mut() {
            Some(w) if !c.is_ascii_uppercase() => w.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// The words every list ends with.
fn common_suffix(lists: &[Vec<String>]) -> Vec<String> {
    let Some(first) = lists.first() else {
        return Vec::new();
    };
    let mut k = 0;
    while k < first.len()
        && lists
            .iter()
            .all(|l| l.len() > k && l[l.len() - 1 - k] == first[first.len() - 1 - k])
    {
        k += 1;
    }
    first[first.len() - k..].to_vec()
}

/// Where a site is, for documentation: wire names joined by `.`, `[]`
/// after a list.
pub fn describe(api: &Api, site: &Site) -> TypeUse {
    let op = &api.operations[site.op];
    let mut path = String::new();
    match site.side {
        Side::Request => {
            let mut list = &op.request;
            for (k, &i) in site.path.iter().enumerate() {
                let p = &list[i];
                path.push_str(&p.wire_name);
                if p.ty.is_list() && k + 1 < site.path.len() {
                    path.push_str(".N");
                }
                if k + 1 < site.path.len() {
                    path.push('.');
                }
                list = &p.fields;
            }
        }
        Side::Response => {
            let mut list = &op.response;
            for (k, &i) in site.path.iter().enumerate() {
                let f = &list[i];
                path.push_str(&f.wire_name);
                if let Some(item) = &f.item_name {
                    path.push('.');
                    path.push_str(item);
                }
                if f.ty.is_list() && k + 1 < site.path.len() {
                    path.push_str("[]");
                }
                if k + 1 < site.path.len() {
                    path.push('.');
                }
                list = &f.fields;
            }
        }
    }
    TypeUse {
        operation: op.name.clone(),
        module: op.rust.module.clone(),
        path,
        request: site.side == Side::Request,
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Api, SharedShape};
    use crate::{build_model, ProductPage, SourceFile};

    /// A page of operation `name` with the given request and response rows.
    fn page(name: &str, request: &str, response: &str) -> SourceFile {
        SourceFile {
            name: format!("{name}.md"),
            text: format!(
                "# {name}\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|--|--|--|--|--|\n|Action|String|Yes|{name}|The action.|\n{request}\n## Response parameters\n\n|Parameter|Type|Example|Description|\n|--|--|--|--|\n|RequestId|String|r|Id.|\n{response}"
            ),
        }
    }

    fn api(pages: &[SourceFile]) -> Api {
        build_model(pages, Some(ProductPage::placeholder()))
            .expect("the pages parse")
            .0
    }

    fn names(api: &Api) -> Vec<&str> {
        api.shared.iter().map(|t| t.name.as_str()).collect()
    }

    const CURSOR: &str = "|└TaskNo|String|t|The task.|\n|└Status|String|DONE|Its state. Valid values: DONE, RUNNING|\n";

    #[test]
    fn identical_structures_of_one_response_are_one_type() {
        let rows = format!(
            "|PrePageCursor|Object| |Before.|\n{CURSOR}|NextPageCursor|Object| |After.|\n{CURSOR}|CurrentPageCursor|Object| |Now.|\n{CURSOR}"
        );
        let api = api(&[page("ListTasks", "", &rows)]);
        assert_eq!(names(&api), ["PageCursor", "Status"]);
        let op = &api.operations[0];
        for f in &op.response[1..] {
            assert!(f.shared, "{}", f.wire_name);
            assert_eq!(f.type_name.as_deref(), Some("PageCursor"));
            assert_eq!(f.fields[1].type_name.as_deref(), Some("Status"));
            assert!(f.fields[1].shared);
        }
        let cursor = &api.shared[0];
        assert_eq!(cursor.uses.len(), 3);
        assert_eq!(cursor.uses[0].path, "PrePageCursor");
        assert!(
            matches!(&cursor.shape, SharedShape::Response { field } if field.fields.len() == 2)
        );
    }

    #[test]
    fn enums_are_one_type_by_wire_name_and_values_in_any_order() {
        let a = page(
            "GetA",
            "|Kind|String|No|x|The kind. Valid values: x, y|\n",
            "|Kind|String|x|The kind. Valid values: x, y|\n",
        );
        let b = page(
            "GetB",
            "",
            "|Data|Array of Item| |Items.|\n|└kind|String|y|Its kind. Valid values: y, x|\n",
        );
        let api = api(&[a, b]);
        assert_eq!(names(&api), ["Kind"]);
        let kind = &api.shared[0];
        let paths: Vec<(&str, &str, bool)> = kind
            .uses
            .iter()
            .map(|u| (u.operation.as_str(), u.path.as_str(), u.request))
            .collect();
        assert_eq!(
            paths,
            [
                ("GetA", "Kind", true),
                ("GetA", "Kind", false),
                ("GetB", "Data.Item[].kind", false)
            ]
        );
        // The definition is the first use's, in its order.
        let SharedShape::Enum { values, .. } = &kind.shape else {
            panic!("an enum: {:?}", kind.shape);
        };
        let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values, ["x", "y"]);
    }

    #[test]
    fn different_values_make_different_types_named_after_where_they_are() {
        let a = page(
            "GetA",
            "",
            "|Kind|String|x|Valid values: x, y|\n|Other|Object| |More.|\n|└Kind|String|x|Valid values: x, y|\n",
        );
        let b = page(
            "GetB",
            "|Kind|Integer|No|1|Valid values: 1, 2|\n",
            "|Thing|Object| |A thing.|\n|└Kind|String|z|Valid values: z|\n",
        );
        let c = page("GetC", "|Kind|Integer|No|1|Valid values: 1, 2|\n", "");
        let api = api(&[a, b, c]);
        // Two uses each: the plain name goes first to the one of the first
        // operation; a request-only one is a `…Param`. Used once: not shared.
        assert_eq!(names(&api), ["Kind", "KindParam"]);
        let b = &api.operations[1];
        assert_eq!(b.request[0].type_name.as_deref(), Some("KindParam"));
        assert!(!b.response[1].fields[0].shared);
    }

    #[test]
    fn a_request_structure_and_a_response_structure_are_never_one_type() {
        let a = page(
            "PutA",
            "|Item.Name|String|Yes|n|The name.|\n|Item.Size|Integer|Yes|1|The size.|\n",
            "|Item|Object| |The item.|\n|└Name|String|n|The name.|\n|└Size|Integer|1|The size.|\n",
        );
        let b = page(
            "PutB",
            "|Item.Name|String|Yes|n|Its name.|\n|Item.Size|Integer|Yes|2|Its size.|\n",
            "",
        );
        let api = api(&[a, b]);
        assert_eq!(names(&api), ["Item"]);
        assert!(matches!(api.shared[0].shape, SharedShape::Request { .. }));
        // Two required fields: the shared structure has its builder.
        let param = &api.operations[0].request[0];
        assert_eq!(param.builder.as_deref(), Some("ItemBuilder"));
        assert!(!api.operations[0].response[1].shared);
    }

    #[test]
    fn product_listed_enums_are_shared_even_when_used_once() {
        let a = page(
            "GetA",
            "|Lang|String|No|en|The language. Valid values: en, zh|\n",
            "",
        );
        let files = [a];
        let (api, _, _) = build_model(&files, Some(ProductPage::placeholder())).expect("parses");
        // The placeholder product page lists `Lang`.
        assert_eq!(names(&api), ["Lang"]);
    }

    #[test]
    fn an_enum_typed_string_on_one_page_takes_the_number_another_gives_it() {
        let listed = page(
            "ListTasks",
            "",
            "|Data|Array of Task| |Tasks.|\n|└TaskStatusCode|String|1|Its state. Valid values: 1, 2, 3|\n",
        );
        let history = page(
            "TaskHistory",
            "",
            "|TaskStatusCode|Integer|3|Its state. Valid values: 1, 2, 3|\n",
        );
        let (api, _, diags) = build_model(&[listed, history], Some(ProductPage::placeholder()))
            .expect("the pages parse");
        let field = &api.operations[0].response[1].fields[0];
        assert_eq!(
            field.ty,
            crate::model::Type::Scalar(crate::model::Scalar::Integer)
        );
        let warning = diags
            .warnings()
            .find(|d| d.message.contains("TaskStatusCode"))
            .expect("a warning");
        assert_eq!((warning.file.as_str(), warning.line), ("ListTasks.md", 15));
        assert!(warning
            .message
            .contains("as Integer with the same values in `TaskHistory`"));
        // Different values: no change.
        let other = page(
            "Other",
            "",
            "|TaskStatusCode|String|1|Valid values: 1, 2|\n",
        );
        let (api, _, _) = build_model(
            &[
                other,
                page(
                    "TaskHistory",
                    "",
                    "|TaskStatusCode|Integer|3|Valid values: 1, 2, 3|\n",
                ),
            ],
            Some(ProductPage::placeholder()),
        )
        .expect("the pages parse");
        assert_eq!(
            api.operations[0].response[1].ty,
            crate::model::Type::Scalar(crate::model::Scalar::String)
        );
    }
}
