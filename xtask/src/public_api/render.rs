//! Writes rustdoc-JSON types, bounds, generics and signatures as Rust-like
//! text, naming every item by the path a user reaches it at.
//!
//! The JSON is read as `serde_json::Value`, not through the `rustdoc-types`
//! crate: that crate accepts exactly one format version, while the few
//! shapes read here have stayed the same across many. Enums are externally
//! tagged (`{"borrowed_ref": {…}}`, or a bare string for unit variants such
//! as `"infer"`); ids are numbers (strings before format 40).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

/// Crates whose items are never "third-party": the standard library's.
pub const STD_CRATES: [&str; 4] = ["std", "core", "alloc", "proc_macro"];

/// One crate's rustdoc JSON and the names of its items.
pub struct Doc<'a> {
    pub json: &'a Value,
    /// The crate's own name (`alibabacloud_domain`).
    pub name: String,
    /// The shortest public path of each reachable item of the crate, by id.
    pub public: HashMap<String, String>,
    /// For the workspace's other crates: defining path → shortest public
    /// path, from their own listing (so a re-exported sibling item is
    /// named where its users reach it, not where it is defined).
    pub siblings: &'a BTreeMap<String, HashMap<String, String>>,
    /// Crate names that are not third-party: the standard library's, this
    /// crate's and its workspace siblings'.
    pub first_party: BTreeSet<String>,
}

/// The variant name and content of an externally tagged enum value:
/// `{"tuple": […]}` → `("tuple", […])`, `"infer"` → `("infer", null)`.
pub fn tag(v: &Value) -> (&str, &Value) {
    match v {
        Value::String(s) => (s, &Value::Null),
        Value::Object(map) if map.len() == 1 => {
            let (k, v) = map.iter().next().expect("one entry");
            (k, v)
        }
        _ => ("", &Value::Null),
    }
}

/// An id as a map key: `12` and `"12"` are both `"12"`.
pub fn id_key(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// The items of a JSON array (none for anything else).
pub fn list(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or(&[])
}

impl Doc<'_> {
    /// The item with this id in the crate's index (null when absent).
    pub fn item(&self, id: &str) -> &Value {
        &self.json["index"][id]
    }

    /// The name of the crate with this `crate_id`.
    fn crate_name(&self, crate_id: &Value) -> Option<&str> {
        if crate_id.as_u64() == Some(0) {
            return Some(&self.name);
        }
        let key = id_key(crate_id)?;
        self.json["external_crates"][key.as_str()]["name"].as_str()
    }

    /// The defining path of an item, from the JSON's `paths` table, and
    /// its crate's name.
    pub fn defined_at(&self, id: &str) -> Option<(String, &str)> {
        let summary = &self.json["paths"][id];
        let segments: Vec<&str> = list(&summary["path"])
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if segments.is_empty() {
            return None;
        }
        Some((segments.join("::"), self.crate_name(&summary["crate_id"])?))
    }
}

/// Renders types and records the third-party items it names.
pub struct Render<'a> {
    doc: &'a Doc<'a>,
    /// Paths of the third-party items named so far.
    pub third_party: BTreeSet<String>,
}

impl<'a> Render<'a> {
    pub fn new(doc: &'a Doc<'a>) -> Self {
        Render {
            doc,
            third_party: BTreeSet::new(),
        }
    }

    /// The path by which an item is named: its public path in this crate
    /// or a sibling, else its defining path (the standard library's and
    /// third-party crates'), else the path as written in the source.
    pub fn item_path(&mut self, id: &Value, written: &str) -> String {
        let Some(id) = id_key(id) else {
            return written.to_string();
        };
        if let Some(public) = self.doc.public.get(&id) {
            return public.clone();
        }
        let Some((defined, krate)) = self.doc.defined_at(&id) else {
            return written.to_string();
        };
        if let Some(public) = self
            .doc
            .siblings
            .get(krate)
            .and_then(|names| names.get(&defined))
        {
            return public.clone();
        }
        if !self.doc.first_party.contains(krate) {
            self.third_party.insert(defined.clone());
        }
        defined
    }

    /// A type.
    pub fn ty(&mut self, t: &Value) -> String {
        let (kind, v) = tag(t);
        match kind {
            "resolved_path" => self.path(v),
            "dyn_trait" => {
                let mut parts: Vec<String> = list(&v["traits"])
                    .iter()
                    .map(|p| self.poly_trait(p))
                    .collect();
                if let Some(lifetime) = v["lifetime"].as_str() {
                    parts.push(lifetime.to_string());
                }
                format!("dyn {}", parts.join(" + "))
            }
            "generic" | "primitive" => v.as_str().unwrap_or("?").to_string(),
            "function_pointer" => self.fn_pointer(v),
            "tuple" => {
                let items: Vec<String> = list(v).iter().map(|t| self.ty(t)).collect();
                match items.len() {
                    1 => format!("({},)", items[0]),
                    _ => format!("({})", items.join(", ")),
                }
            }
            "slice" => format!("[{}]", self.ty(v)),
            "array" => format!("[{}; {}]", self.ty(&v["type"]), str_of(&v["len"])),
            "pat" => format!(
                "{} is {}",
                self.ty(&v["type"]),
                str_of(&v["__pat_unstable_do_not_use"])
            ),
            "impl_trait" => format!("impl {}", self.bounds(v)),
            "infer" => "_".to_string(),
            "raw_pointer" => {
                let mutability = if v["is_mutable"] == true {
                    "mut"
                } else {
                    "const"
                };
                format!("*{mutability} {}", self.pointee(&v["type"]))
            }
            "borrowed_ref" => {
                let mut s = "&".to_string();
                if let Some(lifetime) = v["lifetime"].as_str() {
                    s.push_str(lifetime);
                    s.push(' ');
                }
                if v["is_mutable"] == true {
                    s.push_str("mut ");
                }
                s + &self.pointee(&v["type"])
            }
            "qualified_path" => {
                let self_type = self.ty(&v["self_type"]);
                let mut s = if v["trait"].is_null() {
                    format!("{self_type}::")
                } else {
                    format!("<{self_type} as {}>::", self.path(&v["trait"]))
                };
                s.push_str(str_of(&v["name"]));
                s + &self.generic_args(&v["args"])
            }
            other => format!("<unknown type {other}>"),
        }
    }

    /// The type behind `&` or `*const`: `dyn A + B` and `impl A + B` need
    /// parentheses there.
    fn pointee(&mut self, t: &Value) -> String {
        let s = self.ty(t);
        let (kind, v) = tag(t);
        let several = match kind {
            "dyn_trait" => list(&v["traits"]).len() + usize::from(!v["lifetime"].is_null()) > 1,
            "impl_trait" => list(v).len() > 1,
            _ => false,
        };
        if several {
            format!("({s})")
        } else {
            s
        }
    }

    /// A path to a type or trait with its generic arguments.
    pub fn path(&mut self, p: &Value) -> String {
        let name = self.item_path(&p["id"], str_of(&p["path"]));
        name + &self.generic_args(&p["args"])
    }

    /// `<'a, T, Item = U>`, `(A, B) -> C` or `(..)`; empty when there are
    /// none.
    pub fn generic_args(&mut self, args: &Value) -> String {
        let (kind, v) = tag(args);
        match kind {
            "angle_bracketed" => {
                let mut parts: Vec<String> = list(&v["args"])
                    .iter()
                    .map(|a| self.generic_arg(a))
                    .collect();
                for c in list(&v["constraints"]) {
                    let mut s = str_of(&c["name"]).to_string();
                    s.push_str(&self.generic_args(&c["args"]));
                    let (binding, b) = tag(&c["binding"]);
                    match binding {
                        "equality" => {
                            s.push_str(" = ");
                            s.push_str(&self.term(b));
                        }
                        _ => {
                            s.push_str(": ");
                            s.push_str(&self.bounds(b));
                        }
                    }
                    parts.push(s);
                }
                if parts.is_empty() {
                    String::new()
                } else {
                    format!("<{}>", parts.join(", "))
                }
            }
            "parenthesized" => {
                let inputs: Vec<String> = list(&v["inputs"]).iter().map(|t| self.ty(t)).collect();
                let mut s = format!("({})", inputs.join(", "));
                if !v["output"].is_null() {
                    s.push_str(" -> ");
                    s.push_str(&self.ty(&v["output"]));
                }
                s
            }
            "return_type_notation" => "(..)".to_string(),
            _ => String::new(),
        }
    }

    fn generic_arg(&mut self, a: &Value) -> String {
        let (kind, v) = tag(a);
        match kind {
            "lifetime" => str_of(v).to_string(),
            "type" => self.ty(v),
            "const" => str_of(&v["expr"]).to_string(),
            _ => "_".to_string(),
        }
    }

    fn term(&mut self, t: &Value) -> String {
        let (kind, v) = tag(t);
        match kind {
            "type" => self.ty(v),
            _ => str_of(&v["expr"]).to_string(),
        }
    }

    /// `for<'a> Trait<…>`.
    fn poly_trait(&mut self, p: &Value) -> String {
        hrtb(&self.generic_params(&p["generic_params"])) + &self.path(&p["trait"])
    }

    /// Bounds joined by ` + `.
    pub fn bounds(&mut self, bounds: &Value) -> String {
        let parts: Vec<String> = list(bounds).iter().map(|b| self.bound(b)).collect();
        parts.join(" + ")
    }

    fn bound(&mut self, b: &Value) -> String {
        let (kind, v) = tag(b);
        match kind {
            "trait_bound" => {
                let modifier = match str_of(&v["modifier"]) {
                    "maybe" => "?",
                    "maybe_const" => "~const ",
                    _ => "",
                };
                format!(
                    "{}{modifier}{}",
                    hrtb(&self.generic_params(&v["generic_params"])),
                    self.path(&v["trait"])
                )
            }
            "outlives" => str_of(v).to_string(),
            "use" => {
                let args: Vec<&str> = list(v)
                    .iter()
                    .map(|a| match tag(a) {
                        (_, Value::String(s)) => s.as_str(),
                        _ => "?",
                    })
                    .collect();
                format!("use<{}>", args.join(", "))
            }
            other => format!("<unknown bound {other}>"),
        }
    }

    /// `<'a, T: Bound = Default, const N: usize>` without the parameters
    /// the compiler made up for `impl Trait` arguments; empty when there
    /// are none.
    pub fn generic_params(&mut self, params: &Value) -> String {
        let mut parts = Vec::new();
        for p in list(params) {
            let name = str_of(&p["name"]);
            let (kind, v) = tag(&p["kind"]);
            match kind {
                "lifetime" => {
                    let outlives: Vec<&str> = list(&v["outlives"])
                        .iter()
                        .filter_map(Value::as_str)
                        .collect();
                    if outlives.is_empty() {
                        parts.push(name.to_string());
                    } else {
                        parts.push(format!("{name}: {}", outlives.join(" + ")));
                    }
                }
                "type" => {
                    if v["is_synthetic"] == true {
                        continue;
                    }
                    let mut s = name.to_string();
                    if !list(&v["bounds"]).is_empty() {
                        s.push_str(": ");
                        s.push_str(&self.bounds(&v["bounds"]));
                    }
                    if !v["default"].is_null() {
                        s.push_str(" = ");
                        s.push_str(&self.ty(&v["default"]));
                    }
                    parts.push(s);
                }
                "const" => {
                    let mut s = format!("const {name}: {}", self.ty(&v["type"]));
                    if let Some(default) = v["default"].as_str() {
                        s.push_str(" = ");
                        s.push_str(default);
                    }
                    parts.push(s);
                }
                _ => parts.push(name.to_string()),
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("<{}>", parts.join(", "))
        }
    }

    /// The predicates of a `where` clause, unjoined.
    pub fn where_predicates(&mut self, generics: &Value) -> Vec<String> {
        let mut out = Vec::new();
        for w in list(&generics["where_predicates"]) {
            let (kind, v) = tag(w);
            out.push(match kind {
                "bound_predicate" => format!(
                    "{}{}: {}",
                    hrtb(&self.generic_params(&v["generic_params"])),
                    self.ty(&v["type"]),
                    self.bounds(&v["bounds"])
                ),
                "lifetime_predicate" => {
                    let outlives: Vec<&str> = list(&v["outlives"])
                        .iter()
                        .filter_map(Value::as_str)
                        .collect();
                    format!("{}: {}", str_of(&v["lifetime"]), outlives.join(" + "))
                }
                "eq_predicate" => format!("{} == {}", self.ty(&v["lhs"]), self.term(&v["rhs"])),
                other => format!("<unknown predicate {other}>"),
            });
        }
        out
    }

    /// ` where A: B, C: D`, or nothing.
    pub fn where_clause(&mut self, generics: &Value) -> String {
        where_text(&self.where_predicates(generics))
    }

    /// `const async unsafe extern "C" fn name<T>(&self, a: A) -> R where …`,
    /// `name` being the item's full path.
    pub fn function(&mut self, name: &str, f: &Value, extra_where: &[String]) -> String {
        let mut s = header(&f["header"]);
        s.push_str("fn ");
        s.push_str(name);
        s.push_str(&self.generic_params(&f["generics"]["params"]));
        s.push_str(&self.signature(&f["sig"], true));
        let mut predicates = extra_where.to_vec();
        predicates.extend(self.where_predicates(&f["generics"]));
        s + &where_text(&predicates)
    }

    /// `(a: A, b: B) -> R`, with `self`, `&self` and `&mut self` written
    /// the short way; without parameter names for function pointers.
    fn signature(&mut self, sig: &Value, names: bool) -> String {
        let mut inputs = Vec::new();
        for input in list(&sig["inputs"]) {
            let name = str_of(&input[0]);
            let t = &input[1];
            if names && name == "self" {
                inputs.push(self.receiver(t));
            } else if names {
                inputs.push(format!("{name}: {}", self.ty(t)));
            } else {
                inputs.push(self.ty(t));
            }
        }
        if sig["is_c_variadic"] == true {
            inputs.push("...".to_string());
        }
        let mut s = format!("({})", inputs.join(", "));
        if !sig["output"].is_null() {
            s.push_str(" -> ");
            s.push_str(&self.ty(&sig["output"]));
        }
        s
    }

    fn receiver(&mut self, t: &Value) -> String {
        let (kind, v) = tag(t);
        let is_self = |t: &Value| tag(t) == ("generic", &Value::String("Self".into()));
        match kind {
            "generic" if is_self(t) => "self".to_string(),
            "borrowed_ref" if is_self(&v["type"]) => {
                let mut s = "&".to_string();
                if let Some(lifetime) = v["lifetime"].as_str() {
                    s.push_str(lifetime);
                    s.push(' ');
                }
                if v["is_mutable"] == true {
                    s.push_str("mut ");
                }
                s + "self"
            }
            _ => format!("self: {}", self.ty(t)),
        }
    }

    fn fn_pointer(&mut self, f: &Value) -> String {
        let mut s = hrtb(&self.generic_params(&f["generic_params"]));
        s.push_str(&header(&f["header"]));
        s.push_str("fn");
        s + &self.signature(&f["sig"], false)
    }
}

/// `const async unsafe extern "C" ` (each part only when it applies).
fn header(h: &Value) -> String {
    let mut s = String::new();
    for (flag, word) in [
        ("is_const", "const "),
        ("is_async", "async "),
        ("is_unsafe", "unsafe "),
    ] {
        if h[flag] == true {
            s.push_str(word);
        }
    }
    let (abi, v) = tag(&h["abi"]);
    match abi {
        "" | "Rust" => {}
        "Other" => s.push_str(&format!("extern {:?} ", str_of(v))),
        other => {
            let unwind = if v["unwind"] == true { "-unwind" } else { "" };
            let name = match other {
                "SysV64" => "sysv64".to_string(),
                "C" => "C".to_string(),
                other => other.to_lowercase(),
            };
            s.push_str(&format!("extern \"{name}{unwind}\" "));
        }
    }
    s
}

/// `for<'a> ` from rendered generic parameters `<'a>`.
fn hrtb(params: &str) -> String {
    if params.is_empty() {
        String::new()
    } else {
        format!("for{params} ")
    }
}

fn where_text(predicates: &[String]) -> String {
    if predicates.is_empty() {
        String::new()
    } else {
        format!(" where {}", predicates.join(", "))
    }
}

/// A JSON string, or `?` for anything else.
pub fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A crate whose item 1 is its public `Thing`, 2 is its `Trait`, 3 is
    /// reqwest's client, 4 is `String`, 5 is a sibling crate's `Client`
    /// (defined in a private module) and 6 is a private struct of its own.
    fn krate() -> Value {
        json!({
            "root": 0,
            "index": {},
            "paths": {
                "1": {"crate_id": 0, "path": ["my_crate", "inner", "Thing"], "kind": "struct"},
                "2": {"crate_id": 0, "path": ["my_crate", "Trait"], "kind": "trait"},
                "3": {"crate_id": 20, "path": ["reqwest", "async_impl", "client", "Client"], "kind": "struct"},
                "4": {"crate_id": 3, "path": ["alloc", "string", "String"], "kind": "struct"},
                "5": {"crate_id": 30, "path": ["my_runtime", "client", "Client"], "kind": "struct"},
                "6": {"crate_id": 0, "path": ["my_crate", "hidden", "Secret"], "kind": "struct"}
            },
            "external_crates": {
                "3": {"name": "alloc"},
                "20": {"name": "reqwest"},
                "30": {"name": "my_runtime"}
            },
            "format_version": 57
        })
    }

    fn with_doc<T>(f: impl FnOnce(&mut Render) -> T) -> (T, Vec<String>) {
        let json = krate();
        let siblings = BTreeMap::from([(
            "my_runtime".to_string(),
            HashMap::from([(
                "my_runtime::client::Client".to_string(),
                "my_runtime::Client".to_string(),
            )]),
        )]);
        let doc = Doc {
            json: &json,
            name: "my_crate".into(),
            public: HashMap::from([
                ("1".to_string(), "my_crate::Thing".to_string()),
                ("2".to_string(), "my_crate::Trait".to_string()),
            ]),
            siblings: &siblings,
            first_party: ["std", "core", "alloc", "my_crate", "my_runtime"]
                .map(String::from)
                .into(),
        };
        let mut render = Render::new(&doc);
        let out = f(&mut render);
        (out, render.third_party.into_iter().collect())
    }

    fn ty(t: Value) -> (String, Vec<String>) {
        with_doc(|r| r.ty(&t))
    }

    fn path(id: u32, args: Value) -> Value {
        json!({"resolved_path": {"path": "Written", "id": id, "args": args}})
    }

    fn angle(args: Value) -> Value {
        json!({"angle_bracketed": {"args": args, "constraints": []}})
    }

    #[test]
    fn paths_are_public_paths_defining_paths_or_as_written() {
        assert_eq!(ty(path(1, Value::Null)).0, "my_crate::Thing");
        assert_eq!(ty(path(4, Value::Null)).0, "alloc::string::String");
        assert_eq!(ty(path(5, Value::Null)).0, "my_runtime::Client");
        // Not reachable: where it is defined, private module and all.
        assert_eq!(ty(path(6, Value::Null)).0, "my_crate::hidden::Secret");
        // Not in `paths` at all.
        assert_eq!(ty(path(99, Value::Null)).0, "Written");
    }

    #[test]
    fn third_party_items_are_recorded_with_their_defining_path() {
        let (text, third) = ty(path(3, Value::Null));
        assert_eq!(text, "reqwest::async_impl::client::Client");
        assert_eq!(third, ["reqwest::async_impl::client::Client"]);
        let inside = path(4, angle(json!([{"type": path(3, Value::Null)}])));
        assert_eq!(ty(inside).1, ["reqwest::async_impl::client::Client"]);
        for first_party in [1, 4, 5, 6, 99] {
            assert!(ty(path(first_party, Value::Null)).1.is_empty());
        }
    }

    #[test]
    fn references_slices_tuples_arrays_and_pointers() {
        let string = path(4, Value::Null);
        let cases = [
            (
                json!({"borrowed_ref": {"lifetime": null, "is_mutable": false, "type": {"primitive": "str"}}}),
                "&str",
            ),
            (
                json!({"borrowed_ref": {"lifetime": "'a", "is_mutable": true, "type": {"slice": {"primitive": "u8"}}}}),
                "&'a mut [u8]",
            ),
            (json!({"tuple": []}), "()"),
            (json!({"tuple": [string]}), "(alloc::string::String,)"),
            (
                json!({"tuple": [{"generic": "T"}, {"primitive": "bool"}]}),
                "(T, bool)",
            ),
            (
                json!({"array": {"type": {"primitive": "u8"}, "len": "32"}}),
                "[u8; 32]",
            ),
            (
                json!({"raw_pointer": {"is_mutable": false, "type": {"primitive": "u8"}}}),
                "*const u8",
            ),
            (
                json!({"raw_pointer": {"is_mutable": true, "type": {"generic": "T"}}}),
                "*mut T",
            ),
            (json!("infer"), "_"),
        ];
        for (t, want) in cases {
            assert_eq!(ty(t).0, want);
        }
    }

    #[test]
    fn generic_arguments_and_associated_type_constraints() {
        let vec_of_t = path(
            4,
            angle(json!([{"type": {"generic": "T"}}, {"lifetime": "'static"}])),
        );
        assert_eq!(ty(vec_of_t).0, "alloc::string::String<T, 'static>");
        let iter = json!({"impl_trait": [{"trait_bound": {
            "trait": {"path": "Iterator", "id": 2, "args": {"angle_bracketed": {
                "args": [],
                "constraints": [
                    {"name": "Item", "args": null, "binding": {"equality": {"type": path(1, Value::Null)}}},
                    {"name": "IntoIter", "args": null, "binding": {"constraint": [
                        {"trait_bound": {"trait": {"path": "Clone", "id": 2, "args": null}, "generic_params": [], "modifier": "none"}}
                    ]}}
                ]}}},
            "generic_params": [],
            "modifier": "none"}}]});
        assert_eq!(
            ty(iter).0,
            "impl my_crate::Trait<Item = my_crate::Thing, IntoIter: my_crate::Trait>"
        );
        let const_arg = path(
            1,
            angle(json!([{"const": {"expr": "N", "value": null, "is_literal": false}}, "infer"])),
        );
        assert_eq!(ty(const_arg).0, "my_crate::Thing<N, _>");
    }

    #[test]
    fn dyn_and_impl_trait_with_lifetimes_and_parentheses() {
        let send = json!({"trait": {"path": "Send", "id": 2, "args": null}, "generic_params": []});
        let fn_once = json!({"trait": {"path": "FnOnce", "id": 1, "args": {"parenthesized": {
            "inputs": [{"primitive": "u32"}], "output": {"primitive": "bool"}}}},
            "generic_params": []});
        let dyn_ = json!({"dyn_trait": {"traits": [fn_once, send], "lifetime": "'static"}});
        assert_eq!(
            ty(dyn_.clone()).0,
            "dyn my_crate::Thing(u32) -> bool + my_crate::Trait + 'static"
        );
        let boxed = json!({"borrowed_ref": {"lifetime": null, "is_mutable": false, "type": dyn_}});
        assert_eq!(
            ty(boxed).0,
            "&(dyn my_crate::Thing(u32) -> bool + my_crate::Trait + 'static)"
        );
        let single = json!({"borrowed_ref": {"lifetime": null, "is_mutable": false, "type":
            {"dyn_trait": {"traits": [{"trait": {"path": "Send", "id": 2, "args": null}, "generic_params": []}], "lifetime": null}}}});
        assert_eq!(ty(single).0, "&dyn my_crate::Trait");
        let impl_ = json!({"impl_trait": [
            {"trait_bound": {"trait": {"path": "Sized", "id": 2, "args": null}, "generic_params": [], "modifier": "maybe"}},
            {"outlives": "'a"},
            {"use": [{"lifetime": "'a"}, {"param": "T"}]}
        ]});
        assert_eq!(ty(impl_).0, "impl ?my_crate::Trait + 'a + use<'a, T>");
    }

    #[test]
    fn function_pointers_with_higher_ranked_lifetimes() {
        let f = json!({"function_pointer": {
            "sig": {"inputs": [["_", {"borrowed_ref": {"lifetime": "'a", "is_mutable": false, "type": {"primitive": "str"}}}]],
                    "output": {"primitive": "usize"}, "is_c_variadic": false},
            "generic_params": [{"name": "'a", "kind": {"lifetime": {"outlives": []}}}],
            "header": {"is_const": false, "is_unsafe": true, "is_async": false, "abi": {"C": {"unwind": false}}}
        }});
        assert_eq!(ty(f).0, "for<'a> unsafe extern \"C\" fn(&'a str) -> usize");
        let plain = json!({"function_pointer": {
            "sig": {"inputs": [], "output": null, "is_c_variadic": false},
            "generic_params": [],
            "header": {"is_const": false, "is_unsafe": false, "is_async": false, "abi": "Rust"}
        }});
        assert_eq!(ty(plain).0, "fn()");
    }

    #[test]
    fn qualified_paths() {
        let t = json!({"qualified_path": {
            "name": "Output", "args": null,
            "self_type": {"generic": "Self"},
            "trait": {"path": "Trait", "id": 2, "args": null}}});
        assert_eq!(ty(t).0, "<Self as my_crate::Trait>::Output");
        let inherent = json!({"qualified_path": {
            "name": "Assoc", "args": {"angle_bracketed": {"args": [{"lifetime": "'a"}], "constraints": []}},
            "self_type": {"generic": "T"}, "trait": null}});
        assert_eq!(ty(inherent).0, "T::Assoc<'a>");
    }

    #[test]
    fn functions_with_receivers_generics_and_where_clauses() {
        let f = json!({
            "sig": {"inputs": [
                ["self", {"borrowed_ref": {"lifetime": null, "is_mutable": true, "type": {"generic": "Self"}}}],
                ["name", {"impl_trait": [{"trait_bound": {"trait": {"path": "Into", "id": 1, "args": null}, "generic_params": [], "modifier": "none"}}]}],
                ["value", {"generic": "T"}]
            ], "output": path(3, Value::Null), "is_c_variadic": false},
            "generics": {"params": [
                {"name": "'a", "kind": {"lifetime": {"outlives": []}}},
                {"name": "T", "kind": {"type": {"bounds": [{"trait_bound": {"trait": {"path": "Trait", "id": 2, "args": null}, "generic_params": [], "modifier": "none"}}], "default": null, "is_synthetic": false}}},
                {"name": "impl Into", "kind": {"type": {"bounds": [], "default": null, "is_synthetic": true}}},
                {"name": "N", "kind": {"const": {"type": {"primitive": "usize"}, "default": "4"}}}
            ], "where_predicates": [
                {"bound_predicate": {"type": {"generic": "T"}, "bounds": [{"outlives": "'static"}], "generic_params": []}},
                {"lifetime_predicate": {"lifetime": "'a", "outlives": ["'static"]}}
            ]},
            "header": {"is_const": false, "is_unsafe": false, "is_async": true, "abi": "Rust"},
            "has_body": true
        });
        let (text, third) =
            with_doc(|r| r.function("my_crate::Thing::set", &f, &["U: Copy".into()]));
        assert_eq!(
            text,
            "async fn my_crate::Thing::set<'a, T: my_crate::Trait, const N: usize = 4>(&mut self, \
             name: impl my_crate::Thing, value: T) -> reqwest::async_impl::client::Client \
             where U: Copy, T: 'static, 'a: 'static"
        );
        assert_eq!(third, ["reqwest::async_impl::client::Client"]);
        let by_value = json!({"sig": {"inputs": [["self", {"generic": "Self"}], ["self_", {"generic": "Self"}]], "output": null, "is_c_variadic": false},
            "generics": {"params": [], "where_predicates": []},
            "header": {"is_const": true, "is_unsafe": false, "is_async": false, "abi": "Rust"}});
        assert_eq!(
            with_doc(|r| r.function("f", &by_value, &[])).0,
            "const fn f(self, self_: Self)"
        );
        let boxed_self = json!({"sig": {"inputs": [["self", path(4, Value::Null)]], "output": null, "is_c_variadic": false},
            "generics": {"params": [], "where_predicates": []},
            "header": {"is_const": false, "is_unsafe": false, "is_async": false, "abi": "Rust"}});
        assert_eq!(
            with_doc(|r| r.function("f", &boxed_self, &[])).0,
            "fn f(self: alloc::string::String)"
        );
    }

    #[test]
    fn unknown_shapes_are_visible_not_dropped() {
        assert_eq!(
            ty(json!({"future_kind": {}})).0,
            "<unknown type future_kind>"
        );
    }
}
