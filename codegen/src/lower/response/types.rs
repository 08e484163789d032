//! Each field's type, from its type cell, its children and what the samples
//! show there. Where the table and the samples disagree, what a real
//! response carries wins, and every such decision is a warning naming the
//! row.

use super::super::rows::{scalar, TypeCell};
use super::rows::Row;
use super::shape::{Seen, ShapeTree};
use crate::diagnostics::Diagnostic;
use crate::model::{AllowedValue, Field, Scalar, Type};
use crate::values::allowed_values;

pub(super) struct Ctx<'a, 'd> {
    pub file: &'a str,
    pub tree: Option<&'a ShapeTree>,
    pub diags: &'d mut Vec<Diagnostic>,
}

impl Ctx<'_, '_> {
    fn warn(&mut self, line: usize, message: String) {
        self.diags
            .push(Diagnostic::warning(self.file, line, message));
    }
}

/// A field's type and, for a list wrapped in an object, its item key.
pub(super) struct Decided {
    pub ty: Type,
    pub item_name: Option<String>,
}

fn decided(ty: Type, item_name: Option<String>) -> Option<Decided> {
    Some(Decided { ty, item_name })
}

/// The key wrapping a list node's items, unless it is one of the fields.
fn wrapper_key(tree: Option<&ShapeTree>, node: Option<usize>, fields: &[Field]) -> Option<String> {
    let (tree, node) = (tree?, node?);
    let w = tree.wrapped(node)?;
    let key = &tree.nodes[w].key;
    (!fields.iter().any(|f| f.wire_name.eq_ignore_ascii_case(key))).then(|| key.clone())
}

/// Whether the samples show a list at the node (directly or wrapped).
fn shows_list(tree: Option<&ShapeTree>, node: Option<usize>) -> bool {
    let (Some(tree), Some(n)) = (tree, node) else {
        return false;
    };
    tree.nodes[n].list || tree.wrapped(n).is_some_and(|w| tree.nodes[w].list)
}

/// The node holding a list's items: the node itself or its wrapped child.
fn items_node(tree: &ShapeTree, node: usize) -> usize {
    tree.wrapped(node).unwrap_or(node)
}

/// The type of a field.
pub(super) fn decide(
    ctx: &mut Ctx<'_, '_>,
    row: &Row,
    node: Option<usize>,
    marker: Option<&str>,
    fields: &[Field],
) -> Option<Decided> {
    let name = &row.raw.name;
    let line = row.raw.line;
    let tree = ctx.tree;
    let has_fields = !fields.is_empty();
    let list_item = |ctx: &Ctx<'_, '_>| {
        marker
            .map(str::to_string)
            .or_else(|| wrapper_key(ctx.tree, node, fields))
    };
    match &row.cell {
        TypeCell::Scalar(s) if has_fields => {
            let sample_object = node.is_some_and(|n| tree.is_some_and(|t| t.nodes[n].object));
            ctx.warn(
                line,
                if sample_object {
                    format!("`{name}` is documented as {s:?} but its sample is an object with fields; read as an object")
                } else {
                    format!("`{name}` is documented as {s:?} but the table nests fields under it; read as an object")
                },
            );
            container(ctx, row, node, fields, list_item(ctx))
        }
        TypeCell::Scalar(s) => decided(reconcile(ctx, row, *s, node), None),
        TypeCell::Unknown if has_fields => container(ctx, row, node, fields, list_item(ctx)),
        TypeCell::Unknown => decided(reconcile(ctx, row, Scalar::String, node), None),
        TypeCell::Json if has_fields => container(ctx, row, node, fields, list_item(ctx)),
        TypeCell::Json => decided(Type::Scalar(Scalar::String), None),
        TypeCell::Struct | TypeCell::NotApplicable | TypeCell::Empty if has_fields => {
            container(ctx, row, node, fields, list_item(ctx))
        }
        TypeCell::List | TypeCell::ArrayOf(_) if has_fields => {
            let item = list_item(ctx).or_else(|| match &row.cell {
                TypeCell::ArrayOf(x) => Some(x.clone()),
                _ => None,
            });
            decided(Type::StructList, item)
        }
        TypeCell::Named(_) if has_fields => container(ctx, row, node, fields, list_item(ctx)),
        TypeCell::Named(type_name) => {
            if type_name.to_ascii_lowercase().ends_with("listtype") {
                ctx.warn(
                    line,
                    format!("type `{type_name}` is not defined on the page; `{name}` is read as a list of strings"),
                );
                decided(
                    Type::ScalarList(sample_item_scalar(tree, node).unwrap_or(Scalar::String)),
                    wrapper_key(tree, node, &[]),
                )
            } else {
                ctx.warn(
                    line,
                    format!("type `{type_name}` of `{name}` is not defined by a table in this section; read as an object whose fields are not listed"),
                );
                no_fields(ctx, row, node)
            }
        }
        TypeCell::List | TypeCell::ArrayOf(_) => {
            let declared = match &row.cell {
                TypeCell::ArrayOf(x) => scalar(x),
                _ => None,
            };
            let objects =
                node.is_some_and(|n| tree.is_some_and(|t| t.nodes[items_node(t, n)].object));
            if declared.is_none() && objects {
                ctx.warn(
                    line,
                    format!("the sample shows objects in the list `{name}`, but the page lists none of their fields; its items are kept as JSON values"),
                );
                return decided(Type::AnyList, list_item(ctx));
            }
            let item = declared
                .or_else(|| sample_item_scalar(tree, node))
                .unwrap_or(Scalar::String);
            decided(Type::ScalarList(item), wrapper_key(tree, node, &[]))
        }
        TypeCell::Struct | TypeCell::NotApplicable | TypeCell::Empty => no_fields(ctx, row, node),
    }
}

/// A row with fields: an object, or a list of objects when the row's type,
/// the samples or its name say so.
fn container(
    ctx: &mut Ctx<'_, '_>,
    row: &Row,
    node: Option<usize>,
    fields: &[Field],
    item: Option<String>,
) -> Option<Decided> {
    let wrapped = row.may_wrap_items() && wrapper_key(ctx.tree, node, fields).is_some();
    if row.is_list() || shows_list(ctx.tree, node) || wrapped {
        return decided(Type::StructList, item);
    }
    let untyped = matches!(row.cell, TypeCell::Empty | TypeCell::NotApplicable);
    if untyped && node.is_none() && sounds_like_a_list(&row.raw.name, &row.raw.description) {
        ctx.warn(
            row.raw.line,
            format!(
                "`{}` has no type and no sample; read as a list because its name or description says so",
                row.raw.name
            ),
        );
        return decided(Type::StructList, item);
    }
    decided(Type::Struct, None)
}

/// Whether a name is plural (`DomainRecords`, `RecordList`) or the
/// description speaks of a list (`list`, `array`, `列表`, `数组`).
pub(super) fn sounds_like_a_list(name: &str, description: &str) -> bool {
    let plural = name.ends_with("List")
        || name.ends_with("Lists")
        || (name.ends_with('s')
            && !["ss", "us", "is", "os"]
                .iter()
                .any(|end| name.ends_with(end)));
    let d = description.to_lowercase();
    plural
        || ["list", "array", "列表", "数组", "集合"]
            .iter()
            .any(|w| d.contains(w))
}

/// A row without fields whose type says object, or says nothing: the
/// samples tell what it holds, or else its example, when that is JSON
/// (`["ns1.example.com","ns2.example.com"]`).
fn no_fields(ctx: &mut Ctx<'_, '_>, row: &Row, node: Option<usize>) -> Option<Decided> {
    let name = &row.raw.name;
    let line = row.raw.line;
    let declared_object = matches!(
        row.cell,
        TypeCell::Struct | TypeCell::NotApplicable | TypeCell::Named(_)
    );
    let example_tree = match (ctx.tree, node) {
        (Some(_), Some(_)) => None,
        _ => row
            .raw
            .example
            .as_deref()
            .and_then(super::shape::json_in_string)
            .map(|value| {
                let mut wrapped = serde_json::Map::new();
                wrapped.insert(name.clone(), value);
                ShapeTree::from_value(&serde_json::Value::Object(wrapped))
            }),
    };
    let (tree, node) = match &example_tree {
        Some(t) => (Some(t), t.find(name).first().copied()),
        None => (ctx.tree, node),
    };
    let mut ctx = Ctx {
        file: ctx.file,
        tree,
        diags: ctx.diags,
    };
    let ctx = &mut ctx;
    if let (Some(tree), Some(n)) = (ctx.tree, node) {
        let items = items_node(tree, n);
        if tree.nodes[items].object {
            let list = shows_list(ctx.tree, node);
            if !declared_object {
                ctx.warn(
                    line,
                    format!(
                        "response field `{name}` has no type and its sample is {}; kept as JSON",
                        if list {
                            "a list of objects"
                        } else {
                            "an object"
                        }
                    ),
                );
            }
            return if list {
                decided(Type::AnyList, wrapper_key(ctx.tree, node, &[]))
            } else {
                decided(Type::Any, None)
            };
        }
        if shows_list(ctx.tree, node) {
            // Only a response sample tells an element's type: an example
            // cell is written for people (`[600,1800]` for a list Alibaba's
            // API metadata types as strings), so it says list, and String.
            let item = match example_tree {
                Some(_) => Scalar::String,
                None => sample_item_scalar(ctx.tree, node).unwrap_or(Scalar::String),
            };
            let shown = if example_tree.is_some() {
                "its example"
            } else {
                "its sample"
            };
            ctx.warn(
                line,
                format!("response field `{name}` has no type; {shown} is a list, read as a list of {item:?}"),
            );
            return decided(Type::ScalarList(item), wrapper_key(ctx.tree, node, &[]));
        }
        if tree.is_scalar(n) {
            let s = tree.scalar_kind(n).unwrap_or(Scalar::String);
            ctx.warn(
                line,
                format!("response field `{name}` has no type; read as {s:?}, as its sample shows"),
            );
            return decided(Type::Scalar(s), None);
        }
    }
    if declared_object {
        ctx.warn(
            line,
            format!(
                "`{name}` is an object whose fields the page does not list; it is kept as JSON"
            ),
        );
        return decided(Type::Any, None);
    }
    if name.ends_with("List") {
        ctx.warn(
            line,
            format!("response field `{name}` has no type; read as a list of strings"),
        );
        return decided(Type::ScalarList(Scalar::String), None);
    }
    if describes_an_object(&row.raw.description) {
        ctx.warn(
            line,
            format!("response field `{name}` has no type and no sample shows it; its description speaks of an object, so it is kept as JSON"),
        );
        return decided(Type::Any, None);
    }
    ctx.warn(
        line,
        format!("response field `{name}` has no type and no sample shows it; read as a String"),
    );
    decided(Type::Scalar(Scalar::String), None)
}

/// Whether a description says its field is an object or structure.
pub(super) fn describes_an_object(description: &str) -> bool {
    let d = description.to_lowercase();
    [
        "object",
        "struct",
        "map",
        "dictionary",
        "对象",
        "结构",
        "字典",
    ]
    .iter()
    .any(|w| d.contains(w))
}

/// The scalar type of a list's items as the samples show them.
fn sample_item_scalar(tree: Option<&ShapeTree>, node: Option<usize>) -> Option<Scalar> {
    let (tree, n) = (tree?, node?);
    let items = items_node(tree, n);
    tree.scalar_kind(items).map(|s| match s {
        // A number in a sample says nothing about its range: be generous.
        Scalar::Integer => Scalar::Long,
        other => other,
    })
}

fn all_integers(values: &[AllowedValue]) -> bool {
    !values.is_empty()
        && values.iter().all(|v| {
            let d = v.value.strip_prefix('-').unwrap_or(&v.value);
            !d.is_empty() && d.chars().all(|c| c.is_ascii_digit())
        })
}

/// A documented scalar checked against its samples.
fn reconcile(ctx: &mut Ctx<'_, '_>, row: &Row, s: Scalar, node: Option<usize>) -> Type {
    let name = &row.raw.name;
    let line = row.raw.line;
    let (Some(tree), Some(n)) = (ctx.tree, node) else {
        return Type::Scalar(s);
    };
    let at = &tree.nodes[n];
    if at.object {
        if at.json_string && s == Scalar::String {
            // JSON text in a string documented as a string: keep the text.
            return Type::Scalar(Scalar::String);
        }
        ctx.warn(
            line,
            format!(
                "`{name}` is documented as {s:?} but its sample is {}; kept as JSON",
                if at.list {
                    "a list of objects"
                } else {
                    "an object"
                }
            ),
        );
        return if at.list { Type::AnyList } else { Type::Any };
    }
    let values: Vec<&Seen> = at.values.iter().collect();
    let texts: Vec<String> = values
        .iter()
        .map(|v| match v {
            Seen::Text(t) => t.trim().to_string(),
            Seen::Number(n) => n.clone(),
            Seen::Bool(b) => b.to_string(),
        })
        .filter(|t| !t.is_empty())
        .collect();
    let documented = allowed_values(&row.raw.description);
    let numbers =
        !at.from_xml && !values.is_empty() && values.iter().all(|v| matches!(v, Seen::Number(_)));
    let s2 = match s {
        Scalar::Boolean => {
            let coded = all_integers(&documented)
                || numbers
                || (at.from_xml
                    && texts.iter().all(|t| t == "0" || t == "1")
                    && !texts.is_empty()
                    && all_integers(&documented));
            if coded {
                ctx.warn(
                    line,
                    format!(
                        "`{name}` is documented as Boolean but {}; read as an integer-coded value",
                        if numbers {
                            "its sample is a number"
                        } else {
                            "its valid values are numbers"
                        }
                    ),
                );
                Scalar::Integer
            } else if texts.iter().all(|t| {
                matches!(
                    t.to_ascii_lowercase().as_str(),
                    "true" | "false" | "0" | "1"
                )
            }) {
                Scalar::Boolean
            } else {
                ctx.warn(
                    line,
                    format!(
                        "`{name}` is documented as Boolean but its sample is {:?}; read as String",
                        texts[0]
                    ),
                );
                Scalar::String
            }
        }
        // A number where the table says String stays String: the lenient
        // reader takes numbers as text, and Alibaba's API metadata (its
        // official SDKs) keeps such fields strings (`CheckDomain`'s
        // `Avail`, documented String and sampled as `1`).
        Scalar::String => Scalar::String,
        Scalar::Integer | Scalar::Long | Scalar::Float => {
            let fits = |t: &String| match s {
                Scalar::Integer => t.parse::<i32>().is_ok(),
                Scalar::Long => t.parse::<i64>().is_ok(),
                _ => t.parse::<f64>().is_ok(),
            };
            if texts.iter().all(fits) {
                s
            } else if s == Scalar::Integer && texts.iter().all(|t| t.parse::<i64>().is_ok()) {
                ctx.warn(
                    line,
                    format!("`{name}` is documented as Integer but its sample {} does not fit 32 bits; read as Long", texts.iter().find(|t| t.parse::<i32>().is_err()).map_or("", String::as_str)),
                );
                Scalar::Long
            } else if s != Scalar::Float && texts.iter().all(|t| t.parse::<f64>().is_ok()) {
                ctx.warn(
                    line,
                    format!("`{name}` is documented as {s:?} but its sample has a fraction; read as Float"),
                );
                Scalar::Float
            } else {
                let shown = texts.iter().find(|t| !fits(t)).cloned().unwrap_or_default();
                ctx.warn(
                    line,
                    format!("`{name}` is documented as {s:?} but its sample is {shown:?}; read as String"),
                );
                Scalar::String
            }
        }
    };
    if at.list {
        ctx.warn(
            line,
            format!("`{name}` is documented as {s:?} but its sample is a list; read as a list"),
        );
        return Type::ScalarList(s2);
    }
    Type::Scalar(s2)
}

/// The type of a field added for a sample node that no row describes.
pub(super) fn added_node_type(
    tree: &ShapeTree,
    n: usize,
    fields: &[Field],
) -> (Type, Option<String>) {
    if shows_list(Some(tree), Some(n)) {
        (Type::StructList, wrapper_key(Some(tree), Some(n), fields))
    } else {
        (Type::Struct, None)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Scalar, Type};
    use crate::{build_model, ProductPage, SourceFile};

    /// The type of each response field of a one-operation page.
    fn types(response_rows: &str, sample: &str) -> Vec<(String, Type)> {
        let text = format!(
            "# GetThing\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|--|--|--|--|--|\n|Name|String|Yes|a|The name.|\n\n## Response parameters\n\n|Parameter|Type|Example|Description|\n|--|--|--|--|\n|RequestId|String|r|Id.|\n{response_rows}\n{sample}"
        );
        let files = [SourceFile {
            name: "GetThing.md".into(),
            text,
        }];
        let (api, _, _) = build_model(&files, Some(ProductPage::placeholder())).expect("parses");
        api.operations[0]
            .response
            .iter()
            .map(|f| (f.wire_name.clone(), f.ty.clone()))
            .collect()
    }

    #[test]
    fn an_untyped_list_shown_only_by_its_example_holds_strings() {
        let got = types("|Ttls| |[600,1800]|Usable TTLs.|\n", "");
        assert_eq!(got[1], ("Ttls".into(), Type::ScalarList(Scalar::String)));
        // A response sample is evidence of the element type.
        let sample = "## Examples\n\n```json\n{\"RequestId\": \"r\", \"Ttls\": [600, 1800]}\n```\n";
        let got = types("|Ttls| |[600,1800]|Usable TTLs.|\n", sample);
        assert_eq!(got[1], ("Ttls".into(), Type::ScalarList(Scalar::Long)));
    }

    #[test]
    fn a_string_sampled_as_a_number_stays_a_string() {
        let sample = "## Examples\n\n```json\n{\"RequestId\": \"r\", \"Avail\": 1}\n```\n";
        let got = types("|Avail|String|1|Valid values: 1, 3|\n", sample);
        assert_eq!(got[1], ("Avail".into(), Type::Scalar(Scalar::String)));
    }
}
