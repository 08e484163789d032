//! The public items of one crate, from its rustdoc JSON, one line each.
//!
//! Every item is listed once, at its shortest public path (ties: the first
//! in byte order), with its members under it: fields, variants, methods of
//! inherent impls, trait items, the traits it implements, and its auto
//! traits on one line. Each other public path to an item is one
//! `pub use PATH = SHORTEST` line (a module's, not every item under it).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};

use serde_json::Value;

use super::render::{id_key, list, str_of, tag, Doc, Render};

/// The auto traits listed, in this order, by these names; the compiler's
/// other ones (`Freeze`, `UnsafeUnpin`) are unstable and come and go with
/// toolchains.
const AUTO_TRAITS: [&str; 5] = ["Send", "Sync", "Unpin", "UnwindSafe", "RefUnwindSafe"];

/// Standard library traits whose impls are not listed: unstable markers
/// that derives add (`#[derive(PartialEq)]` implements
/// `StructuralPartialEq`), which no user can name on a stable toolchain.
const UNSTABLE_MARKERS: [&str; 1] = ["StructuralPartialEq"];

/// Where a crate's items are reachable from its root.
#[derive(Default)]
pub struct Reach {
    /// Every public path of each local item, by id.
    pub paths: HashMap<String, BTreeSet<(usize, String)>>,
    /// Re-exports of other crates' items.
    pub external: Vec<External>,
}

impl Reach {
    /// The shortest public path of each reachable item, by id.
    pub fn shortest(&self) -> HashMap<String, String> {
        self.paths
            .iter()
            .filter_map(|(id, paths)| Some((id.clone(), paths.first()?.1.clone())))
            .collect()
    }
}

/// A `pub use` of another crate's item.
pub struct External {
    /// Where it is public (ending in `::*` for a glob).
    pub path: String,
    /// The item's id.
    pub id: Value,
    /// The path as written in the `use`.
    pub source: String,
}

/// Walks the modules from the crate root, shortest paths first, each
/// module once; follows `pub use` of the crate's own items and globs.
pub fn reach(json: &Value) -> Reach {
    let mut reach = Reach::default();
    let Some(root) = id_key(&json["root"]) else {
        return reach;
    };
    let name = str_of(&json["index"][root.as_str()]["name"]).to_string();
    let mut queue = BinaryHeap::new();
    let mut expanded = HashSet::new();
    record(json, &mut reach, &mut queue, &root, name);
    while let Some(Reverse((_, path, module))) = queue.pop() {
        if expanded.insert(module.clone()) {
            let items = &json["index"][module.as_str()]["inner"]["module"]["items"];
            walk(json, &mut reach, &mut queue, items, &path, 0);
        }
    }
    reach
}

type Queue = BinaryHeap<Reverse<(usize, String, String)>>;

/// Notes that `id` is public at `path`; queues modules to walk.
fn record(json: &Value, reach: &mut Reach, queue: &mut Queue, id: &str, path: String) {
    let depth = path.matches("::").count();
    let is_module = tag(&json["index"][id]["inner"]).0 == "module";
    if reach
        .paths
        .entry(id.to_string())
        .or_default()
        .insert((depth, path.clone()))
        && is_module
    {
        queue.push(Reverse((depth, path, id.to_string())));
    }
}

/// The public items of a module (or of a glob's target) under `prefix`.
fn walk(
    json: &Value,
    reach: &mut Reach,
    queue: &mut Queue,
    items: &Value,
    prefix: &str,
    depth: u8,
) {
    // Globs re-exporting each other cannot loop for ever.
    if depth > 8 {
        return;
    }
    for child in list(items) {
        let Some(id) = id_key(child) else { continue };
        let item = &json["index"][id.as_str()];
        if item["visibility"] != "public" {
            continue;
        }
        let (kind, inner) = tag(&item["inner"]);
        if kind != "use" {
            if let Some(name) = item["name"].as_str() {
                record(json, reach, queue, &id, format!("{prefix}::{name}"));
            }
            continue;
        }
        let target_id = id_key(&inner["id"]);
        let target = target_id
            .as_deref()
            .map(|t| &json["index"][t])
            .unwrap_or(&Value::Null);
        let local = target["crate_id"].as_u64() == Some(0);
        let target_kind = tag(&target["inner"]).0;
        match (inner["is_glob"] == true, local) {
            (true, true) if target_kind == "module" => walk(
                json,
                reach,
                queue,
                &target["inner"]["module"]["items"],
                prefix,
                depth + 1,
            ),
            (true, true) if target_kind == "enum" => {
                for variant in list(&target["inner"]["enum"]["variants"]) {
                    let Some(v) = id_key(variant) else { continue };
                    let name = str_of(&json["index"][v.as_str()]["name"]).to_string();
                    record(json, reach, queue, &v, format!("{prefix}::{name}"));
                }
            }
            (true, _) => reach.external.push(External {
                path: format!("{prefix}::*"),
                id: inner["id"].clone(),
                source: str_of(&inner["source"]).to_string(),
            }),
            (false, true) => {
                let path = format!("{prefix}::{}", str_of(&inner["name"]));
                record(json, reach, queue, target_id.as_deref().unwrap_or(""), path);
            }
            // A local item not in the index is hidden (`#[doc(hidden)]`).
            (false, false)
                if json["paths"][target_id.as_deref().unwrap_or("")]["crate_id"].as_u64()
                    != Some(0) =>
            {
                reach.external.push(External {
                    path: format!("{prefix}::{}", str_of(&inner["name"])),
                    id: inner["id"].clone(),
                    source: str_of(&inner["source"]).to_string(),
                });
            }
            (false, false) => {}
        }
    }
}

/// A third-party item named in the public API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The third-party item, by its defining path.
    pub item: String,
    /// The public item whose line names it.
    pub at: String,
    /// That line.
    pub line: String,
}

/// Lines in the making: sorted by path, then kind, then text.
#[derive(Default)]
struct Out {
    lines: BTreeSet<(Vec<String>, u8, String)>,
    findings: BTreeSet<Finding>,
}

impl Out {
    /// Adds a line about `path`, with the third-party items its rendering
    /// named.
    fn add(&mut self, path: &str, rank: u8, text: String, render: &mut Render) {
        for item in std::mem::take(&mut render.third_party) {
            self.findings.insert(Finding {
                item,
                at: path.to_string(),
                line: text.clone(),
            });
        }
        let key = path.split("::").map(String::from).collect();
        self.lines.insert((key, rank, text));
    }
}

/// The listing of a crate: its lines, sorted, and the third-party items
/// they name.
pub struct Listing {
    pub lines: Vec<String>,
    pub findings: Vec<Finding>,
}

pub fn listing(doc: &Doc, reach: &Reach) -> Listing {
    let mut out = Out::default();
    let mut render = Render::new(doc);
    let mut done_impls = HashSet::new();
    let mut items: Vec<(&String, &String)> = doc.public.iter().collect();
    items.sort_by(|a, b| a.1.cmp(b.1));
    for (id, path) in items {
        let mut lister = Lister {
            doc,
            out: &mut out,
            render: &mut render,
            done_impls: &mut done_impls,
        };
        lister.item(id, path);
    }
    for (id, paths) in &reach.paths {
        let Some(shortest) = doc.public.get(id) else {
            continue;
        };
        for (_, alias) in paths.iter().skip(1) {
            out.add(
                alias,
                0,
                format!("pub use {alias} = {shortest}"),
                &mut render,
            );
        }
    }
    for external in &reach.external {
        let mut target = render.item_path(&external.id, &external.source);
        if external.path.ends_with("::*") && !target.ends_with("::*") {
            target.push_str("::*");
        }
        let path = &external.path;
        out.add(path, 0, format!("pub use {path} = {target}"), &mut render);
    }
    Listing {
        lines: out.lines.into_iter().map(|(_, _, text)| text).collect(),
        findings: out.findings.into_iter().collect(),
    }
}

struct Lister<'l, 'a> {
    doc: &'a Doc<'a>,
    out: &'l mut Out,
    render: &'l mut Render<'a>,
    done_impls: &'l mut HashSet<String>,
}

impl Lister<'_, '_> {
    fn item(&mut self, id: &str, path: &str) {
        let item = self.doc.item(id);
        let (kind, inner) = tag(&item["inner"]);
        let attrs = attributes(item);
        let text = match kind {
            "module" => format!("pub mod {path}"),
            "struct" | "union" => {
                // Members first: a line's third-party items are those
                // rendered since the last line was added.
                let (shape, fields) = tag(&inner["kind"]);
                match shape {
                    "plain" => self.fields(path, &fields["fields"]),
                    _ if kind == "union" => self.fields(path, &inner["fields"]),
                    _ => {}
                }
                let generics = self.render.generic_params(&inner["generics"]["params"]);
                let mut s = format!("{attrs}pub {kind} {path}{generics}");
                if shape == "tuple" {
                    let fields: Vec<String> = list(fields)
                        .iter()
                        .map(|f| match id_key(f) {
                            Some(f) => {
                                let t = self.render.ty(&self.doc.item(&f)["inner"]["struct_field"]);
                                format!("pub {t}")
                            }
                            None => "_".to_string(),
                        })
                        .collect();
                    s.push_str(&format!("({})", fields.join(", ")));
                }
                s + &self.render.where_clause(&inner["generics"])
            }
            "enum" => {
                for variant in list(&inner["variants"]) {
                    if let Some(v) = id_key(variant) {
                        self.variant(&v, path);
                    }
                }
                let generics = self.render.generic_params(&inner["generics"]["params"]);
                format!(
                    "{attrs}pub enum {path}{generics}{}",
                    self.render.where_clause(&inner["generics"])
                )
            }
            "variant" => return self.variant(id, path.rsplit_once("::").map_or("", |p| p.0)),
            "function" => format!("pub {}", self.render.function(path, inner, &[])),
            "trait" => self.r#trait(path, inner, &attrs),
            "trait_alias" => format!(
                "pub trait {path}{} = {}{}",
                self.render.generic_params(&inner["generics"]["params"]),
                self.render.bounds(&inner["params"]),
                self.render.where_clause(&inner["generics"])
            ),
            "type_alias" => format!(
                "pub type {path}{} = {}{}",
                self.render.generic_params(&inner["generics"]["params"]),
                self.render.ty(&inner["type"]),
                self.render.where_clause(&inner["generics"])
            ),
            "constant" => {
                let mut s = format!("pub const {path}: {}", self.render.ty(&inner["type"]));
                if inner["const"]["is_literal"] == true {
                    s.push_str(&format!(" = {}", str_of(&inner["const"]["expr"])));
                }
                s
            }
            "static" => format!(
                "pub static {}{path}: {}",
                if inner["is_mutable"] == true {
                    "mut "
                } else {
                    ""
                },
                self.render.ty(&inner["type"])
            ),
            "macro" => format!("pub macro {path}!"),
            "proc_macro" => format!("pub proc_macro {} {path}", str_of(&inner["kind"])),
            "extern_crate" => format!("pub extern crate {path}"),
            "primitive" | "keyword" | "attribute" => return,
            other => format!("pub {other} {path}"),
        };
        self.out.add(path, 0, text, self.render);
        let impls = match kind {
            "struct" | "enum" | "union" => &inner["impls"],
            _ => return,
        };
        self.impls(path, impls);
    }

    /// The named fields of a struct or union, one line each.
    fn fields(&mut self, path: &str, fields: &Value) {
        for field in list(fields) {
            let Some(f) = id_key(field) else { continue };
            let item = self.doc.item(&f);
            let name = str_of(&item["name"]);
            let t = self.render.ty(&item["inner"]["struct_field"]);
            let field_path = format!("{path}::{name}");
            self.out.add(
                &field_path,
                0,
                format!("pub {field_path}: {t}"),
                self.render,
            );
        }
    }

    /// `pub E::A`, `pub E::B(T, U)`, `pub E::C { x: T }`, `pub E::D = 4`.
    fn variant(&mut self, id: &str, enum_path: &str) {
        let item = self.doc.item(id);
        let inner = &item["inner"]["variant"];
        let path = format!("{enum_path}::{}", str_of(&item["name"]));
        let mut s = format!("{}pub {path}", attributes(item));
        let (shape, fields) = tag(&inner["kind"]);
        let mut field = |f: &Value, named: bool| match id_key(f) {
            Some(f) => {
                let field = self.doc.item(&f);
                let t = self.render.ty(&field["inner"]["struct_field"]);
                if named {
                    format!("{}: {t}", str_of(&field["name"]))
                } else {
                    t
                }
            }
            None => "_".to_string(),
        };
        match shape {
            "tuple" => {
                let fields: Vec<String> = list(fields).iter().map(|f| field(f, false)).collect();
                s.push_str(&format!("({})", fields.join(", ")));
            }
            "struct" => {
                let mut named: Vec<String> = list(&fields["fields"])
                    .iter()
                    .map(|f| field(f, true))
                    .collect();
                if fields["has_stripped_fields"] == true {
                    named.push("..".to_string());
                }
                s.push_str(&format!(" {{ {} }}", named.join(", ")));
            }
            _ => {}
        }
        if let Some(value) = inner["discriminant"]["value"].as_str() {
            s.push_str(&format!(" = {value}"));
        }
        self.out.add(&path, 0, s, self.render);
    }

    fn r#trait(&mut self, path: &str, inner: &Value, attrs: &str) -> String {
        for member in list(&inner["items"]) {
            let Some(m) = id_key(member) else { continue };
            let item = self.doc.item(&m);
            let member_path = format!("{path}::{}", str_of(&item["name"]));
            let (kind, v) = tag(&item["inner"]);
            let text = match kind {
                "function" => {
                    let provided = if v["has_body"] == true {
                        " (provided)"
                    } else {
                        ""
                    };
                    format!(
                        "pub {}{provided}",
                        self.render.function(&member_path, v, &[])
                    )
                }
                "assoc_const" => {
                    let mut s = format!("pub const {member_path}: {}", self.render.ty(&v["type"]));
                    if !v["value"].is_null() {
                        s.push_str(" (provided)");
                    }
                    s
                }
                "assoc_type" => {
                    let mut s = format!(
                        "pub type {member_path}{}",
                        self.render.generic_params(&v["generics"]["params"])
                    );
                    if !list(&v["bounds"]).is_empty() {
                        s.push_str(&format!(": {}", self.render.bounds(&v["bounds"])));
                    }
                    s.push_str(&self.render.where_clause(&v["generics"]));
                    if !v["type"].is_null() {
                        s.push_str(&format!(" = {}", self.render.ty(&v["type"])));
                    }
                    s
                }
                other => format!("pub {other} {member_path}"),
            };
            self.out.add(&member_path, 0, text, self.render);
        }
        // Implementations on types listed elsewhere go with those types;
        // the rest (on the standard library's types, or blanket ones) here.
        for implementation in list(&inner["implementations"]) {
            let Some(i) = id_key(implementation) else {
                continue;
            };
            let target = &self.doc.item(&i)["inner"]["impl"]["for"];
            let (kind, v) = tag(target);
            let listed = kind == "resolved_path"
                && id_key(&v["id"]).is_some_and(|t| self.doc.public.contains_key(&t));
            if !listed {
                self.trait_impl(&i, path);
            }
        }
        let mut s = attrs.to_string();
        s.push_str("pub ");
        if inner["is_unsafe"] == true {
            s.push_str("unsafe ");
        }
        if inner["is_auto"] == true {
            s.push_str("auto ");
        }
        s.push_str(&format!(
            "trait {path}{}",
            self.render.generic_params(&inner["generics"]["params"])
        ));
        if !list(&inner["bounds"]).is_empty() {
            s.push_str(&format!(": {}", self.render.bounds(&inner["bounds"])));
        }
        s + &self.render.where_clause(&inner["generics"])
    }

    /// The impls of a type listed at `path`: inherent methods, trait impls
    /// and auto traits; not blanket impls.
    fn impls(&mut self, path: &str, impls: &Value) {
        // The unconditional auto-trait impls, by rank, and what they are
        // for: `impl<T> Send + !Sync for Type<T>`.
        let mut auto: BTreeMap<usize, String> = BTreeMap::new();
        let mut auto_for = (String::new(), String::new());
        let mut auto_third_party = BTreeSet::new();
        for i in list(impls) {
            let Some(i) = id_key(i) else { continue };
            let inner = &self.doc.item(&i)["inner"]["impl"];
            let std_trait = self.std_trait(&inner["trait"]["id"]);
            if !inner["blanket_impl"].is_null()
                || std_trait
                    .as_ref()
                    .is_some_and(|t| UNSTABLE_MARKERS.contains(&t.as_str()))
            {
                continue;
            }
            if inner["is_synthetic"] == true {
                let Some(rank) = std_trait.and_then(|t| AUTO_TRAITS.iter().position(|a| *a == t))
                else {
                    continue;
                };
                let not = if inner["is_negative"] == true {
                    "!"
                } else {
                    ""
                };
                let generics = self.render.generic_params(&inner["generics"]["params"]);
                let for_type = self.render.ty(&inner["for"]);
                let predicates = self.render.where_clause(&inner["generics"]);
                if predicates.is_empty() {
                    auto.insert(rank, format!("{not}{}", AUTO_TRAITS[rank]));
                    auto_for = (generics, for_type);
                    auto_third_party.append(&mut self.render.third_party);
                } else {
                    let text = format!(
                        "impl{generics} {not}{} for {for_type}{predicates}",
                        AUTO_TRAITS[rank]
                    );
                    self.out.add(path, 2, text, self.render);
                }
            } else if inner["trait"].is_null() {
                self.inherent(path, inner);
            } else {
                self.trait_impl(&i, path);
            }
        }
        if !auto.is_empty() {
            let traits: Vec<String> = auto.into_values().collect();
            let (generics, for_type) = auto_for;
            self.render.third_party.append(&mut auto_third_party);
            let text = format!("impl{generics} {} for {for_type}", traits.join(" + "));
            self.out.add(path, 2, text, self.render);
        }
    }

    /// The name of a standard library trait (`None` for other crates').
    fn std_trait(&self, id: &Value) -> Option<String> {
        let (defined, krate) = self.doc.defined_at(&id_key(id)?)?;
        if !super::render::STD_CRATES.contains(&krate) {
            return None;
        }
        defined.rsplit("::").next().map(String::from)
    }

    /// The public methods, constants and types of an inherent impl, as
    /// `Type::name`, with the impl's bounds in their `where` clause.
    fn inherent(&mut self, path: &str, inner: &Value) {
        let for_type = self.render.ty(&inner["for"]);
        let mut bounds = Vec::new();
        for p in list(&inner["generics"]["params"]) {
            let (kind, v) = tag(&p["kind"]);
            if kind == "type" && !list(&v["bounds"]).is_empty() {
                let b = self.render.bounds(&v["bounds"]);
                bounds.push(format!("{}: {b}", str_of(&p["name"])));
            }
        }
        bounds.extend(self.render.where_predicates(&inner["generics"]));
        // In every member's line, so third-party items in them count for each.
        let impl_third_party = std::mem::take(&mut self.render.third_party);
        for member in list(&inner["items"]) {
            let Some(m) = id_key(member) else { continue };
            let item = self.doc.item(&m);
            if item["visibility"] != "public" {
                continue;
            }
            let name = str_of(&item["name"]);
            let shown = format!("{for_type}::{name}");
            self.render
                .third_party
                .extend(impl_third_party.iter().cloned());
            let (kind, v) = tag(&item["inner"]);
            let text = match kind {
                "function" => format!("pub {}", self.render.function(&shown, v, &bounds)),
                "assoc_const" => format!("pub const {shown}: {}", self.render.ty(&v["type"])),
                "assoc_type" => format!("pub type {shown} = {}", self.render.ty(&v["type"])),
                other => format!("pub {other} {shown}"),
            };
            self.out
                .add(&format!("{path}::{name}"), 0, text, self.render);
        }
    }

    /// `impl<T> Trait<A> for Type<T> where … { type Assoc = U }`, listed
    /// under `path`, once however it was reached.
    fn trait_impl(&mut self, id: &str, path: &str) {
        if !self.done_impls.insert(id.to_string()) {
            return;
        }
        let inner = &self.doc.item(id)["inner"]["impl"];
        let mut s = String::new();
        if inner["is_unsafe"] == true {
            s.push_str("unsafe ");
        }
        s.push_str("impl");
        s.push_str(&self.render.generic_params(&inner["generics"]["params"]));
        s.push(' ');
        if inner["is_negative"] == true {
            s.push('!');
        }
        s.push_str(&self.render.path(&inner["trait"]));
        s.push_str(" for ");
        s.push_str(&self.render.ty(&inner["for"]));
        s.push_str(&self.render.where_clause(&inner["generics"]));
        let mut assoc = Vec::new();
        for member in list(&inner["items"]) {
            let Some(m) = id_key(member) else { continue };
            let item = self.doc.item(&m);
            let (kind, v) = tag(&item["inner"]);
            if kind == "assoc_type" {
                let generics = self.render.generic_params(&v["generics"]["params"]);
                let t = self.render.ty(&v["type"]);
                assoc.push(format!("type {}{generics} = {t}", str_of(&item["name"])));
            }
        }
        if !assoc.is_empty() {
            s.push_str(&format!(" {{ {} }}", assoc.join("; ")));
        }
        self.out.add(path, 1, s, self.render);
    }
}

/// `#[deprecated] #[non_exhaustive] ` when they apply.
fn attributes(item: &Value) -> String {
    let mut s = String::new();
    if !item["deprecation"].is_null() {
        s.push_str("#[deprecated] ");
    }
    if list(&item["attrs"])
        .iter()
        .any(|a| a == "non_exhaustive" || a == "#[non_exhaustive]")
    {
        s.push_str("#[non_exhaustive] ");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn unit() -> Value {
        json!({"params": [], "where_predicates": []})
    }

    fn path(id: u32, written: &str) -> Value {
        json!({"resolved_path": {"path": written, "id": id, "args": null}})
    }

    fn trait_path(id: u32) -> Value {
        json!({"path": "T", "id": id, "args": null})
    }

    fn item(id: u32, name: Option<&str>, inner: Value) -> Value {
        json!({"id": id, "crate_id": 0, "name": name, "visibility": "public",
               "attrs": [], "deprecation": null, "inner": inner})
    }

    fn function(inputs: Value, output: Value, has_body: bool) -> Value {
        json!({"function": {
            "sig": {"inputs": inputs, "output": output, "is_c_variadic": false},
            "generics": unit(),
            "header": {"is_const": false, "is_unsafe": false, "is_async": false, "abi": "Rust"},
            "has_body": has_body}})
    }

    fn imp(trait_: Value, for_: Value, items: Value, synthetic: bool, blanket: Value) -> Value {
        json!({"impl": {"is_unsafe": false, "generics": unit(), "provided_trait_methods": [],
            "trait": trait_, "for": for_, "items": items, "is_negative": false,
            "is_synthetic": synthetic, "blanket_impl": blanket}})
    }

    /// A small crate, as rustdoc would describe:
    ///
    /// ```ignore
    /// pub mod inner { pub struct Thing { pub name: String, secret: u8 } }
    /// pub use inner::Thing;
    /// pub use reqwest::Client;
    /// pub trait Trait { type Out; fn required(&self); fn provided(&self) {} }
    /// impl Thing { pub fn new() -> Self; fn private(); }
    /// impl Trait for Thing { type Out = u8; … }
    /// impl Trait for String { … }
    /// pub fn make() -> reqwest::Client;
    /// #[non_exhaustive] pub enum E { A, B(u8), C { x: bool } = 3 }
    /// ```
    ///
    /// with auto-trait impls (Send; !Sync; the unstable Freeze), a blanket
    /// impl and a derive's StructuralPartialEq on `Thing`.
    fn krate() -> Value {
        let thing = path(5, "Thing");
        let string = path(200, "String");
        let mut index = serde_json::Map::new();
        let mut add = |v: Value| {
            index.insert(v["id"].to_string(), v);
        };
        add(item(
            0,
            Some("my_crate"),
            json!({"module": {"is_crate": true, "items": [1, 2, 3, 4, 10, 20], "is_stripped": false}}),
        ));
        add(item(
            1,
            Some("inner"),
            json!({"module": {"is_crate": false, "items": [5], "is_stripped": false}}),
        ));
        add(item(
            2,
            None,
            json!({"use": {"source": "inner::Thing", "name": "Thing", "id": 5, "is_glob": false}}),
        ));
        add(item(
            3,
            None,
            json!({"use": {"source": "reqwest::Client", "name": "Client", "id": 100, "is_glob": false}}),
        ));
        add(item(
            4,
            Some("Trait"),
            json!({"trait": {"is_auto": false, "is_unsafe": false, "is_dyn_compatible": true,
            "items": [16, 17, 18], "generics": unit(), "bounds": [], "implementations": [9, 19]}}),
        ));
        add(item(
            5,
            Some("Thing"),
            json!({"struct": {"kind": {"plain": {"fields": [6], "has_stripped_fields": true}},
            "generics": unit(), "impls": [7, 9, 12, 13, 14, 15, 26]}}),
        ));
        add(item(6, Some("name"), json!({"struct_field": string})));
        add(item(
            7,
            None,
            imp(
                Value::Null,
                thing.clone(),
                json!([8, 27]),
                false,
                Value::Null,
            ),
        ));
        add(item(
            8,
            Some("new"),
            function(json!([]), json!({"generic": "Self"}), true),
        ));
        let mut private = item(27, Some("private"), function(json!([]), Value::Null, true));
        private["visibility"] = json!("default");
        add(private);
        add(item(
            9,
            None,
            imp(
                trait_path(4),
                thing.clone(),
                json!([28]),
                false,
                Value::Null,
            ),
        ));
        add(item(
            28,
            Some("Out"),
            json!({"assoc_type": {"generics": unit(), "bounds": [], "type": {"primitive": "u8"}}}),
        ));
        add(item(
            10,
            Some("make"),
            function(json!([]), path(100, "reqwest::Client"), true),
        ));
        add(item(
            12,
            None,
            imp(trait_path(300), thing.clone(), json!([]), true, Value::Null),
        ));
        let mut not_sync = item(
            13,
            None,
            imp(trait_path(301), thing.clone(), json!([]), true, Value::Null),
        );
        not_sync["inner"]["impl"]["is_negative"] = json!(true);
        add(not_sync);
        add(item(
            26,
            None,
            imp(trait_path(303), thing.clone(), json!([]), true, Value::Null),
        ));
        add(item(
            14,
            None,
            imp(
                trait_path(302),
                thing.clone(),
                json!([]),
                false,
                json!({"generic": "T"}),
            ),
        ));
        add(item(
            15,
            None,
            imp(
                trait_path(304),
                thing.clone(),
                json!([]),
                false,
                Value::Null,
            ),
        ));
        add(item(
            16,
            Some("required"),
            function(
                json!([["self", {"borrowed_ref": {"lifetime": null, "is_mutable": false, "type": {"generic": "Self"}}}]]),
                Value::Null,
                false,
            ),
        ));
        add(item(
            17,
            Some("provided"),
            function(
                json!([["self", {"borrowed_ref": {"lifetime": null, "is_mutable": false, "type": {"generic": "Self"}}}]]),
                Value::Null,
                true,
            ),
        ));
        add(item(
            18,
            Some("Out"),
            json!({"assoc_type": {"generics": unit(), "bounds": [], "type": null}}),
        ));
        add(item(
            19,
            None,
            imp(trait_path(4), string, json!([]), false, Value::Null),
        ));
        let mut e = item(
            20,
            Some("E"),
            json!({"enum": {"generics": unit(), "has_stripped_variants": false,
            "variants": [21, 22, 24], "impls": []}}),
        );
        e["attrs"] = json!(["non_exhaustive"]);
        add(e);
        add(item(
            21,
            Some("A"),
            json!({"variant": {"kind": "plain", "discriminant": null}}),
        ));
        add(item(
            22,
            Some("B"),
            json!({"variant": {"kind": {"tuple": [23]}, "discriminant": null}}),
        ));
        add(item(
            23,
            Some("0"),
            json!({"struct_field": {"primitive": "u8"}}),
        ));
        add(item(
            24,
            Some("C"),
            json!({"variant": {"kind": {"struct": {"fields": [25], "has_stripped_fields": false}},
            "discriminant": {"expr": "3", "value": "3"}}}),
        ));
        add(item(
            25,
            Some("x"),
            json!({"struct_field": {"primitive": "bool"}}),
        ));
        json!({
            "root": 0,
            "index": index,
            "paths": {
                "5": {"crate_id": 0, "path": ["my_crate", "inner", "Thing"], "kind": "struct"},
                "4": {"crate_id": 0, "path": ["my_crate", "Trait"], "kind": "trait"},
                "100": {"crate_id": 20, "path": ["reqwest", "async_impl", "client", "Client"], "kind": "struct"},
                "200": {"crate_id": 3, "path": ["alloc", "string", "String"], "kind": "struct"},
                "300": {"crate_id": 2, "path": ["core", "marker", "Send"], "kind": "trait"},
                "301": {"crate_id": 2, "path": ["core", "marker", "Sync"], "kind": "trait"},
                "302": {"crate_id": 2, "path": ["core", "convert", "From"], "kind": "trait"},
                "303": {"crate_id": 2, "path": ["core", "marker", "Freeze"], "kind": "trait"},
                "304": {"crate_id": 2, "path": ["core", "marker", "StructuralPartialEq"], "kind": "trait"}
            },
            "external_crates": {
                "2": {"name": "core"}, "3": {"name": "alloc"}, "20": {"name": "reqwest"}
            },
            "format_version": 57
        })
    }

    fn list_krate(json: &Value) -> (Listing, Reach) {
        let reach = reach(json);
        let siblings = BTreeMap::new();
        let doc = Doc {
            json,
            name: "my_crate".into(),
            public: reach.shortest(),
            siblings: &siblings,
            first_party: ["core", "alloc", "std", "my_crate"]
                .map(String::from)
                .into(),
        };
        (listing(&doc, &reach), reach)
    }

    #[test]
    fn items_at_their_shortest_path_with_members_impls_and_aliases() {
        let (listing, _) = list_krate(&krate());
        assert_eq!(
            listing.lines,
            [
                "pub mod my_crate",
                "pub use my_crate::Client = reqwest::async_impl::client::Client",
                "#[non_exhaustive] pub enum my_crate::E",
                "pub my_crate::E::A",
                "pub my_crate::E::B(u8)",
                "pub my_crate::E::C { x: bool } = 3",
                "pub struct my_crate::Thing",
                "impl my_crate::Trait for my_crate::Thing { type Out = u8 }",
                "impl Send + !Sync for my_crate::Thing",
                "pub my_crate::Thing::name: alloc::string::String",
                "pub fn my_crate::Thing::new() -> Self",
                "pub trait my_crate::Trait",
                "impl my_crate::Trait for alloc::string::String",
                "pub type my_crate::Trait::Out",
                "pub fn my_crate::Trait::provided(&self) (provided)",
                "pub fn my_crate::Trait::required(&self)",
                "pub mod my_crate::inner",
                "pub use my_crate::inner::Thing = my_crate::Thing",
                "pub fn my_crate::make() -> reqwest::async_impl::client::Client",
            ]
        );
    }

    #[test]
    fn third_party_items_are_found_where_the_api_names_them() {
        let (listing, _) = list_krate(&krate());
        let found: Vec<(&str, &str)> = listing
            .findings
            .iter()
            .map(|f| (f.item.as_str(), f.at.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("reqwest::async_impl::client::Client", "my_crate::Client"),
                ("reqwest::async_impl::client::Client", "my_crate::make"),
            ]
        );
        assert_eq!(
            listing.findings[1].line,
            "pub fn my_crate::make() -> reqwest::async_impl::client::Client"
        );
    }

    #[test]
    fn third_party_bounds_of_an_impl_count_for_each_of_its_methods() {
        let mut json = krate();
        json["index"]["7"]["inner"]["impl"]["generics"]["params"] = json!([{"name": "X", "kind":
            {"type": {"bounds": [{"trait_bound": {"trait": trait_path(100), "generic_params": [],
                "modifier": "none"}}], "default": null, "is_synthetic": false}}}]);
        json["index"]["7"]["inner"]["impl"]["items"] = json!([8, 29]);
        json["index"]["29"] = item(29, Some("other"), function(json!([]), Value::Null, true));
        let (listing, _) = list_krate(&json);
        assert!(listing.lines.contains(
            &"pub fn my_crate::Thing::other() where X: reqwest::async_impl::client::Client"
                .to_string()
        ));
        let at: Vec<&str> = listing.findings.iter().map(|f| f.at.as_str()).collect();
        assert_eq!(
            at,
            [
                "my_crate::Client",
                "my_crate::Thing::new",
                "my_crate::Thing::other",
                "my_crate::make"
            ]
        );
    }

    #[test]
    fn every_public_path_is_found_and_modules_are_walked_once() {
        let (_, reach) = list_krate(&krate());
        let thing: Vec<&str> = reach.paths["5"].iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(thing, ["my_crate::Thing", "my_crate::inner::Thing"]);
        assert_eq!(reach.shortest()["5"], "my_crate::Thing");
        assert!(
            !reach.paths.contains_key("27"),
            "private items are not public"
        );
        // A module re-exporting its parent (`pub use super::*`-like
        // cycles) ends.
        let mut json = krate();
        json["index"]["1"]["inner"]["module"]["items"] = json!([5, 40]);
        json["index"]["40"] = item(
            40,
            None,
            json!({"use": {"source": "crate", "name": "root", "id": 0, "is_glob": false}}),
        );
        let (listing, reach) = list_krate(&json);
        assert_eq!(reach.shortest()["0"], "my_crate");
        assert!(listing
            .lines
            .contains(&"pub use my_crate::inner::root = my_crate".to_string()));
    }

    #[test]
    fn local_globs_are_followed_and_external_ones_listed() {
        let mut json = krate();
        json["index"]["0"]["inner"]["module"]["items"] = json!([1, 41, 42]);
        json["index"]["41"] = item(
            41,
            None,
            json!({"use": {"source": "inner", "name": "inner", "id": 1, "is_glob": true}}),
        );
        json["index"]["42"] = item(
            42,
            None,
            json!({"use": {"source": "tokio", "name": "tokio", "id": 400, "is_glob": true}}),
        );
        json["paths"]["400"] = json!({"crate_id": 21, "path": ["tokio"], "kind": "module"});
        json["external_crates"]["21"] = json!({"name": "tokio"});
        let (listing, reach) = list_krate(&json);
        assert_eq!(reach.shortest()["5"], "my_crate::Thing");
        assert!(listing
            .lines
            .contains(&"pub use my_crate::* = tokio::*".to_string()));
        assert_eq!(listing.findings[0].item, "tokio");
    }
}
