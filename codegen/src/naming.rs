//! Every Rust name, decided once, next to its wire name in the model.
//!
//! Emitters never derive a name from a wire name: they read `rust_name`,
//! `type_name` and [`RustNames`](crate::model::RustNames). Collisions are resolved here,
//! deterministically and with a warning that names the page line:
//!
//! - two operations whose names differ only in case (or in the spelling of
//!   an acronym) → the later one by name gets `_2` (`Op2Input`, …);
//! - two parameters or fields of one structure with the same Rust name
//!   (`Tag.N.Key` and `Tag.N.key`) → the one whose description says it is
//!   deprecated, else the later one, gets `_deprecated`, else `_2`, `_3`…;
//!   for a request, the whole method namespace counts (`x`, `set_x`,
//!   `get_x`, `new`, `into_paginator`), so a parameter `SetMode` cannot
//!   clash with the setter of `Mode`;
//! - two types of one operation module with the same name → a response
//!   type keeps the plain name (users match on them), a request type gets
//!   `Param`, then the parent's name as a prefix, then a number;
//! - two enum values with the same variant name → a number.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::diagnostics::Diagnostic;
use crate::model::{
    AllowedValue, Api, Field, Moment, MomentKind, Operation, Parameter, Scalar, SharedShape,
    SharedType, Type,
};
use crate::unify::{self, field_at, param_at, Plan, Side, Site};
use crate::vocabulary;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try",
    "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "union",
];

/// Names the generated modules use from the prelude (`Option<String>`,
/// `impl Into<T>`, `Ok(…)`); a page type with one of these names would
/// shadow them, so it gets `Value` appended.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "Some",
    "None",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Into",
    "IntoIterator",
    "From",
    "Self",
];

/// A wire name with every character that cannot be in a Rust identifier
/// (`-`, `.`, `$`, non-ASCII punctuation) turned into a word break, so that
/// any wire name gives a plain ASCII identifier (`X-Acs-Id` → `X Acs Id`).
/// A non-ASCII letter or digit becomes its code point, in lower-case hex,
/// one word each, the first of a run after a `u` (`名称` → `u540d 79f0`,
/// so `u540d_79f0`): nothing is transliterated, two wire names never share
/// a Rust name this way, and a name does not change when the page lists
/// other parameters before it (as `value`, `value_2` did).
fn ascii_words(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    let mut in_run = false;
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() {
            if in_run {
                out.push(' ');
            }
            out.push(c);
            in_run = false;
        } else if c.is_alphanumeric() {
            out.push(' ');
            if !in_run {
                out.push('u');
            }
            out.push_str(&format!("{:x}", c as u32));
            in_run = true;
        } else {
            out.push(' ');
            in_run = false;
        }
    }
    out
}

/// `SaveSingleTaskForSynchronizingDSRecord` → `save_single_task_for_synchronizing_ds_record`;
/// keywords get a trailing underscore (`type` → `type_`), a leading digit an `n`.
pub fn snake(wire: &str) -> String {
    let s = ascii_words(wire).to_snake_case();
    let s = if s.is_empty() { "value".to_string() } else { s };
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{s}")
    } else {
        s
    };
    if KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

/// `SaveSingleTaskForSynchronizingDSRecord` → `SaveSingleTaskForSynchronizingDsRecord`;
/// a leading digit gets a `V`.
pub fn camel(wire: &str) -> String {
    let s = ascii_words(wire).to_upper_camel_case();
    let s = if s.is_empty() { "Value".to_string() } else { s };
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{s}")
    } else {
        s
    };
    if s == "Self" {
        "Self_".to_string()
    } else {
        s
    }
}

/// Words left out of a variant name made from a value's meaning.
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "is",
    "are",
    "be",
    "been",
    "being",
    "to",
    "of",
    "that",
    "this",
    "it",
    "was",
    "for",
    "and",
    "or",
    "which",
    "value",
    "indicates",
];

/// A variant name for an integer value, from the first words of its meaning
/// (`2: RSA/SHA-256` → `RsaSha256`); `V{n}` when the meaning has no ASCII
/// words (or none at all).
pub fn integer_variant(value: &str, description: &str) -> String {
    let plain = crate::values::plain(description);
    let head = plain
        .split(['.', ',', ';', '(', ':', '。', '，', '；', '（', '：'])
        .next()
        .unwrap_or("");
    let words: Vec<String> = head
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !FILLER.contains(&w.to_ascii_lowercase().as_str()))
        .take(4)
        .map(str::to_string)
        .collect();
    let name = camel(&words.join("_"));
    if words.is_empty()
        || name.starts_with('V') && name[1..].starts_with(|c: char| c.is_ascii_digit())
    {
        format!("V{}", value.replace('-', "Minus"))
    } else {
        name
    }
}

/// Variant names for enum values, in order: from the value (or, for integer
/// values, from the meaning), `Unknown` reserved for the fallback, numbered
/// on collision.
pub fn variant_names(values: &[AllowedValue]) -> Vec<String> {
    let mut used: BTreeSet<String> = BTreeSet::new();
    values
        .iter()
        .map(|v| {
            let mut name = if crate::model::is_integer(&v.value) {
                integer_variant(&v.value, &v.description)
            } else {
                camel(&v.value)
            };
            if name == "Unknown" {
                name = "UnknownValue".into();
            }
            let base = name.clone();
            let mut n = 2;
            while used.contains(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            used.insert(name.clone());
            name
        })
        .collect()
}

fn named_values(values: &[AllowedValue]) -> Vec<AllowedValue> {
    let names = variant_names(values);
    values
        .iter()
        .zip(names)
        .map(|(v, rust_name)| AllowedValue {
            rust_name,
            ..v.clone()
        })
        .collect()
}

/// Whether a description marks its parameter or field as deprecated.
fn deprecated(description: &str) -> bool {
    let d = description.to_lowercase();
    [
        "deprecated",
        "obsolete",
        "no longer",
        "not recommended",
        "废弃",
        "弃用",
        "不推荐",
        "已下线",
    ]
    .iter()
    .any(|w| d.contains(w))
}

/// Decides every Rust name of `api`, and which elements are the shared
/// types of the `types` module (see [`unify`]); `always_shared` lists the
/// enum wire names the product page wants in `types` even when used once.
pub fn assign(api: &mut Api, always_shared: &[String], diags: &mut Vec<Diagnostic>) {
    name_operations(&mut api.operations, diags);
    let shapes = unify::shapes(api);
    unify::harmonize(api, &shapes, diags);
    let plan = unify::plan(api, &shapes, always_shared);
    for (i, op) in api.operations.iter_mut().enumerate() {
        name_operation(op, i, &plan, diags);
    }
    api.shared = define_shared(api, &plan);
}

/// The definitions of the shared types, from their first use (now named),
/// sorted by name.
fn define_shared(api: &Api, plan: &Plan) -> Vec<SharedType> {
    let mut out: Vec<SharedType> = plan
        .types
        .iter()
        .map(|t| {
            let first = &t.uses[0];
            let op = &api.operations[first.op];
            let shape = match first.side {
                Side::Request => {
                    let param = param_at(op, &first.path).clone();
                    if param.is_enum() {
                        enum_shape(&param.wire_name, &param.allowed_values, api, &t.uses)
                    } else {
                        SharedShape::Request { param }
                    }
                }
                Side::Response => {
                    let field = field_at(op, &first.path).clone();
                    if field.is_enum() {
                        enum_shape(&field.wire_name, &field.allowed_values, api, &t.uses)
                    } else {
                        SharedShape::Response { field }
                    }
                }
            };
            SharedType {
                name: t.name.clone(),
                shape,
                uses: t.uses.iter().map(|u| unify::describe(api, u)).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// A shared enum: its first use's values, and the default every request
/// use that states one agrees on.
fn enum_shape(wire: &str, values: &[AllowedValue], api: &Api, uses: &[Site]) -> SharedShape {
    let mut defaults = uses
        .iter()
        .filter(|u| u.side == Side::Request)
        .filter_map(|u| param_at(&api.operations[u.op], &u.path).default.clone());
    let first = defaults.next();
    let agreed = first
        .filter(|d| defaults.all(|o| &o == d))
        .filter(|d| values.iter().any(|v| &v.value == d));
    SharedShape::Enum {
        wire_name: wire.to_string(),
        values: values.to_vec(),
        default: agreed,
    }
}

/// Where the elements being named are: the plan, and the site of their
/// parent (an empty path at the top).
#[derive(Clone)]
struct At<'a> {
    plan: &'a Plan,
    parent: Site,
}

impl At<'_> {
    fn child(&self, i: usize) -> Site {
        let mut site = self.parent.clone();
        site.path.push(i);
        site
    }

    fn below(&self, site: Site) -> Self {
        At {
            plan: self.plan,
            parent: site,
        }
    }
}

fn name_operations(ops: &mut [Operation], diags: &mut Vec<Diagnostic>) {
    let mut used: BTreeMap<String, String> = BTreeMap::new();
    for op in ops.iter_mut() {
        let mut module = snake(&op.name);
        let mut base = camel(&op.name);
        if let Some(first) = used.get(&module) {
            let taken = module.clone();
            let mut n = 2;
            while used.contains_key(&format!("{taken}_{n}")) {
                n += 1;
            }
            module = format!("{taken}_{n}");
            base = format!("{base}{n}");
            diags.push(Diagnostic::warning(
                &op.source,
                op.line,
                format!("operation `{}` has the same Rust name as `{first}` (`{taken}`); it is generated as `{module}`", op.name),
            ));
        }
        used.insert(module.clone(), op.name.clone());
        op.rust.method = module.clone();
        op.rust.input = format!("{base}Input");
        op.rust.output = format!("{base}Output");
        op.rust.error_code = if op.errors.is_empty() {
            String::new()
        } else {
            format!("{base}ErrorCode")
        };
        op.rust.module = module;
        name_error_codes(op);
    }
}

/// Variant names of an operation's error codes, from the codes
/// (`Forbidden.RiskControl` → `ForbiddenRiskControl`), `Other` reserved for
/// the fallback, numbered on collision.
fn name_error_codes(op: &mut Operation) {
    let mut used: BTreeSet<String> = BTreeSet::new();
    for e in &mut op.errors {
        let mut name = camel(&e.code);
        if name == "Other" {
            name = "OtherCode".into();
        }
        let base = name.clone();
        let mut n = 2;
        while used.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        used.insert(name.clone());
        e.rust_name = name;
    }
}

/// The type names of one operation module.
struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    /// A fresh type name based on `wanted`, prefixed by `parent` on
    /// collision, then numbered.
    fn claim(&mut self, wanted: &str, parent: &str) -> String {
        let mut name = camel(wanted);
        if RESERVED_TYPES.contains(&name.as_str()) {
            name = format!("{name}Value");
        }
        if self.used.contains(&name) {
            name = format!("{parent}{name}");
        }
        let base = name.clone();
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }

    /// A request type's name: `{Name}Param` when a response type already has
    /// the plain name.
    fn claim_param(&mut self, wanted: &str, parent: &str) -> String {
        let plain = camel(wanted);
        if self.used.contains(&plain) {
            self.claim(&format!("{wanted}Param"), parent)
        } else {
            self.claim(wanted, parent)
        }
    }
}

fn name_operation(op: &mut Operation, index: usize, plan: &Plan, diags: &mut Vec<Diagnostic>) {
    let mut scope = Scope {
        used: [
            op.rust.input.clone(),
            op.rust.output.clone(),
            op.rust.error_code.clone(),
        ]
        .into_iter()
        .filter(|n| !n.is_empty())
        .collect(),
    };
    let source = op.source.clone();
    // Response types first: users match on them, so they get plain names.
    let output = op.rust.output.clone();
    let at = |side| At {
        plan,
        parent: Site {
            op: index,
            side,
            path: Vec::new(),
        },
    };
    name_fields(
        &mut op.response,
        &output,
        &at(Side::Response),
        &mut scope,
        &source,
        diags,
    );
    let input = op.rust.input.clone();
    if needs_builder(&op.request) {
        op.rust.builder = scope.claim(&format!("{input}Builder"), &input);
    }
    name_params(
        &mut op.request,
        &input,
        &at(Side::Request),
        &mut scope,
        &source,
        diags,
    );
}

/// Whether a request structure gets a builder: when it has two required
/// parameters or more, so that they are set by name and cannot be swapped.
pub fn needs_builder(params: &[Parameter]) -> bool {
    params.iter().filter(|p| p.required).count() >= 2
}

/// The builder's type parameters of a structure's required parameters
/// (`domain_name` → `DomainName`), unique within the structure.
fn name_states(params: &mut [Parameter]) {
    if !needs_builder(params) {
        return;
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    for p in params.iter_mut().filter(|p| p.required) {
        let base = camel(&p.rust_name);
        let mut name = base.clone();
        let mut n = 2;
        while used.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        used.insert(name.clone());
        p.state = Some(name);
    }
}

/// Picks a member name for each of `wires`, unique among `taken`:
/// deprecated spellings get `_deprecated`, later ones `_2`, `_3`…
fn unique_member(
    base: String,
    description: &str,
    taken: &BTreeSet<String>,
    clashes: impl Fn(&str, &BTreeSet<String>) -> bool,
) -> String {
    if !clashes(&base, taken) {
        return base;
    }
    let trimmed = base.trim_end_matches('_');
    if deprecated(description) {
        let name = format!("{trimmed}_deprecated");
        if !clashes(&name, taken) {
            return name;
        }
    }
    let mut n = 2;
    loop {
        let name = format!("{trimmed}_{n}");
        if !clashes(&name, taken) {
            return name;
        }
        n += 1;
    }
}

fn name_fields(
    fields: &mut [Field],
    parent: &str,
    at: &At<'_>,
    scope: &mut Scope,
    source: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (j, f) in fields.iter_mut().enumerate() {
        let site = at.child(j);
        let shared = at.plan.at(&site);
        f.shared = shared.is_some();
        let base = snake(&f.wire_name);
        let name = unique_member(base.clone(), &f.description, &taken, |n, t| t.contains(n));
        warn_unreadable(source, f.line, "response field", &f.wire_name, &name, diags);
        if name != base {
            diags.push(Diagnostic::warning(
                source,
                f.line,
                format!("response field `{}` has the same Rust name as another field of `{parent}` (`{base}`); it is named `{name}`", f.wire_name),
            ));
        }
        taken.insert(name.clone());
        f.rust_name = name;
        let mut claim = |wanted: &str| match shared {
            Some(t) => t.name.clone(),
            None => scope.claim(wanted, parent),
        };
        f.type_name = match &f.ty {
            Type::Scalar(_) if f.is_enum() => {
                f.allowed_values = named_values(&f.allowed_values);
                Some(claim(&f.wire_name))
            }
            Type::Struct => Some(claim(&f.wire_name)),
            Type::StructList => {
                let wanted = f.item_name.clone().unwrap_or_else(|| f.wire_name.clone());
                Some(claim(&wanted))
            }
            _ => None,
        };
        if let (Some(type_name), Type::Struct | Type::StructList) = (&f.type_name, &f.ty) {
            let type_name = type_name.clone();
            let below = at.below(site);
            name_fields(&mut f.fields, &type_name, &below, scope, source, diags);
        }
    }
    name_field_moments(fields);
}

/// How a value with this wire name, type, description and example carries
/// a moment, if it does: a number the description says counts
/// milliseconds, or text named like a date or time whose example reads as
/// one.
fn moment_kind(
    wire: &str,
    ty: &Type,
    is_enum: bool,
    description: &str,
    example: Option<&str>,
) -> Option<MomentKind> {
    if is_enum {
        return None;
    }
    match ty {
        Type::Scalar(Scalar::Long | Scalar::Integer)
            if vocabulary::says_epoch_millis(description) =>
        {
            Some(MomentKind::EpochMillis)
        }
        Type::Scalar(Scalar::String) => {
            let named = {
                let w = wire.to_ascii_lowercase();
                w.contains("date") || w.contains("time")
            };
            let reads =
                example.is_some_and(|e| alibabacloud_runtime::date::parse_text(e, 0).is_ok());
            (named && reads).then_some(MomentKind::Text)
        }
        _ => None,
    }
}

/// The accessor of a moment: the member's name without a `_long` suffix,
/// then `_at` (`expiration_date_long` → `expiration_date_at`).
fn moment_method(rust_name: &str) -> String {
    let base = rust_name.trim_end_matches('_');
    let base = base.strip_suffix("_long").unwrap_or(base);
    format!("{base}_at")
}

/// Gives the moments of a response structure their accessors. Where two
/// want one name (`ExpirationDate` as text and `ExpirationDateLong` in
/// milliseconds), the exact one has it and the other none.
fn name_field_moments(fields: &mut [Field]) {
    let kinds: Vec<Option<MomentKind>> = fields
        .iter()
        .map(|f| {
            moment_kind(
                &f.wire_name,
                &f.ty,
                f.is_enum(),
                &f.description,
                f.example.as_deref(),
            )
        })
        .collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for pass in [MomentKind::EpochMillis, MomentKind::Text] {
        for (f, kind) in fields.iter_mut().zip(&kinds) {
            if *kind != Some(pass) {
                continue;
            }
            let method = moment_method(&f.rust_name);
            f.time = taken
                .insert(method.clone())
                .then_some(Moment { kind: pass, method });
        }
    }
}

/// A wire name with no ASCII letter or digit (`名称`) gives a Rust name of
/// its own making (`u540d_79f0`, from its code points): reported, with the
/// name it gets.
fn warn_unreadable(
    source: &str,
    line: usize,
    what: &str,
    wire: &str,
    name: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if !wire.chars().any(|c| c.is_ascii_alphanumeric()) {
        diags.push(Diagnostic::warning(
            source,
            line,
            format!("{what} `{wire}` has no ASCII letter or digit for a Rust name; it is named `{name}` (its wire name is kept)"),
        ));
    }
}

/// The methods a request structure has for a parameter named `name`.
fn methods_of(name: &str) -> [String; 3] {
    let bare = name.trim_end_matches('_');
    [
        name.to_string(),
        format!("set_{bare}"),
        format!("get_{bare}"),
    ]
}

#[allow(clippy::too_many_arguments)]
fn name_params(
    params: &mut [Parameter],
    parent: &str,
    at: &At<'_>,
    scope: &mut Scope,
    source: &str,
    diags: &mut Vec<Diagnostic>,
) {
    // Methods the structure has besides the parameters' own.
    let mut taken: BTreeSet<String> = [
        "new",
        "builder",
        "build",
        "into_paginator",
        "write_params",
        "write_fields",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let clashes =
        |name: &str, taken: &BTreeSet<String>| methods_of(name).iter().any(|m| taken.contains(m));
    for (j, p) in params.iter_mut().enumerate() {
        let site = at.child(j);
        let shared = at.plan.at(&site);
        let base = snake(&p.wire_name);
        let name = unique_member(base.clone(), &p.description, &taken, clashes);
        warn_unreadable(source, p.line, "parameter", &p.wire_name, &name, diags);
        if name != base {
            diags.push(Diagnostic::warning(
                source,
                p.line,
                format!("parameter `{}` has the same Rust name as another parameter or method of `{parent}` (`{base}`); it is named `{name}`", p.wire_name),
            ));
        }
        taken.extend(methods_of(&name));
        p.rust_name = name;
        p.shared = shared.is_some();
        let mut claim = |wanted: &str| match shared {
            Some(t) => t.name.clone(),
            None => scope.claim_param(wanted, parent),
        };
        p.type_name = match &p.ty {
            Type::Scalar(_) if p.is_enum() => {
                p.allowed_values = named_values(&p.allowed_values);
                Some(claim(&p.wire_name))
            }
            Type::Struct | Type::StructList => Some(claim(&p.wire_name)),
            _ => None,
        };
        if let (Some(type_name), Type::Struct | Type::StructList) = (&p.type_name, &p.ty) {
            let type_name = type_name.clone();
            p.builder = match shared {
                Some(t) => t.builder.clone(),
                None if needs_builder(&p.fields) => {
                    Some(scope.claim(&format!("{type_name}Builder"), &type_name))
                }
                None => None,
            };
            let below = at.below(site);
            name_params(&mut p.fields, &type_name, &below, scope, source, diags);
        }
    }
    name_states(params);
    // Setters taking a `SystemTime`, for numbers of milliseconds (text
    // moments are rare in requests and stay text).
    for p in params.iter_mut() {
        let kind = moment_kind(
            &p.wire_name,
            &p.ty,
            p.is_enum(),
            &p.description,
            p.example.as_deref(),
        );
        let method = moment_method(&p.rust_name);
        p.time = (kind == Some(MomentKind::EpochMillis)
            && matches!(p.ty, Type::Scalar(Scalar::Long))
            && !taken.contains(&method))
        .then(|| {
            taken.insert(method.clone());
            Moment {
                kind: MomentKind::EpochMillis,
                method,
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(v: &str, d: &str) -> AllowedValue {
        AllowedValue {
            value: v.into(),
            rust_name: String::new(),
            description: d.into(),
        }
    }

    #[test]
    fn operation_names() {
        let op = "SaveSingleTaskForSynchronizingDSRecord";
        assert_eq!(snake(op), "save_single_task_for_synchronizing_ds_record");
        assert_eq!(camel(op), "SaveSingleTaskForSynchronizingDsRecord");
    }

    #[test]
    fn keywords_and_digits() {
        assert_eq!(snake("Type"), "type_");
        assert_eq!(snake("ref"), "ref_");
        assert_eq!(snake("3Des"), "n3des");
        assert_eq!(camel("1"), "V1");
        assert_eq!(camel("EXECUTE_SUCCESS"), "ExecuteSuccess");
        assert_eq!(camel("zh"), "Zh");
        assert_eq!(snake("UserClientIp"), "user_client_ip");
    }

    #[test]
    fn any_wire_name_gives_an_ascii_identifier() {
        assert_eq!(snake("X-Acs-Request-Id"), "x_acs_request_id");
        assert_eq!(snake("a$b"), "a_b");
        // Non-ASCII letters: their code points, never a shared `value`.
        assert_eq!(snake("名称"), "u540d_79f0");
        assert_eq!(snake("地址"), "u5730_5740");
        assert_eq!(snake("名称Id"), "u540d_79f0_id");
        assert_eq!(snake("Tag名称"), "tag_u540d_79f0");
        assert_eq!(snake("名（称）"), "u540d_u79f0");
        assert_eq!(camel("x-acs-id"), "XAcsId");
        assert_eq!(camel("类型"), "U7c7b578b");
        assert_eq!(snake("—"), "value");
        assert_eq!(snake("_private"), "private");
        for wire in [
            "X-Acs-Request-Id",
            "a$b",
            "名称",
            "9lives",
            "self",
            "Self",
            "__",
        ] {
            assert!(syn::parse_str::<syn::Ident>(&snake(wire)).is_ok(), "{wire}");
            assert!(syn::parse_str::<syn::Ident>(&camel(wire)).is_ok(), "{wire}");
        }
    }

    #[test]
    fn integer_variants_are_named_from_their_meaning() {
        assert_eq!(integer_variant("8", "RSA/SHA-256"), "RsaSha256");
        assert_eq!(
            integer_variant("0", "The task is waiting to be run."),
            "TaskWaitingRun"
        );
        assert_eq!(integer_variant("3", ""), "V3");
        assert_eq!(integer_variant("-1", "   "), "VMinus1");
        assert_eq!(integer_variant("1", "已完成"), "V1");
    }

    #[test]
    fn colliding_variants_get_a_number_and_unknown_is_reserved() {
        let names = variant_names(&[
            value("1", "private algorithm"),
            value("2", "Private algorithm."),
            value("unknown", ""),
            value("a-b", ""),
            value("a_b", ""),
        ]);
        assert_eq!(
            names,
            [
                "PrivateAlgorithm",
                "PrivateAlgorithm2",
                "UnknownValue",
                "AB",
                "AB2"
            ]
        );
    }

    #[test]
    fn members_avoid_the_whole_method_namespace() {
        let clashes = |name: &str, taken: &BTreeSet<String>| {
            methods_of(name).iter().any(|m| taken.contains(m))
        };
        let mut taken: BTreeSet<String> = ["new".to_string()].into();
        taken.extend(methods_of("mode"));
        // `SetMode` would be `set_mode`, the setter of `Mode`.
        assert_eq!(
            unique_member("set_mode".into(), "", &taken, clashes),
            "set_mode_2"
        );
        assert_eq!(unique_member("new".into(), "", &taken, clashes), "new_2");
        assert_eq!(
            unique_member("mode".into(), "Deprecated; use Mode.", &taken, clashes),
            "mode_deprecated"
        );
        assert_eq!(unique_member("other".into(), "", &taken, clashes), "other");
    }

    /// An operation page with these request and response table rows.
    fn page(name: &str, request: &str, response: &str) -> crate::SourceFile {
        crate::SourceFile {
            name: format!("docs/{name}.md"),
            text: format!(
                "# {name}\n\n{name}: reads a gadget.\n\n\
                 ## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|---|---|---|---|---|\n{request}\n\
                 ## Response parameters\n\n|Parameter|Type|Example|Description|\n|---|---|---|---|\n{response}\n"
            ),
        }
    }

    #[test]
    fn wire_names_differing_only_in_case_get_distinct_rust_names() {
        let pages = [
            page(
                "DescribeDNSGadget",
                "|GadgetId|String|Yes|g-1|The gadget.|\n\
                 |gadgetId|String|No|g-1|The same, in another spelling.|\n",
                "|RequestId|String|R-1|Identifies the request.|\n\
                 |TaskNo|String|T-1|The task.|\n\
                 |taskNo|String|T-1|The same, in another spelling.|\n",
            ),
            page(
                "DescribeDnsGadget",
                "|GadgetId|String|Yes|g-1|The gadget.|\n",
                "|RequestId|String|R-2|Identifies the request.|\n",
            ),
        ];
        let (api, _, diags) =
            crate::build_model(&pages, Some(crate::product::ProductPage::placeholder()))
                .unwrap_or_else(|d| panic!("{:?}", d.0));
        let ops: Vec<(&str, &str, &str)> = api
            .operations
            .iter()
            .map(|o| {
                (
                    o.name.as_str(),
                    o.rust.module.as_str(),
                    o.rust.input.as_str(),
                )
            })
            .collect();
        assert_eq!(
            ops,
            [
                (
                    "DescribeDNSGadget",
                    "describe_dns_gadget",
                    "DescribeDnsGadgetInput"
                ),
                (
                    "DescribeDnsGadget",
                    "describe_dns_gadget_2",
                    "DescribeDnsGadget2Input"
                ),
            ]
        );
        assert_eq!(api.operations[1].rust.output, "DescribeDnsGadget2Output");
        assert_eq!(api.operations[1].rust.method, "describe_dns_gadget_2");

        let op = &api.operations[0];
        let params: Vec<(&str, &str)> = op
            .request
            .iter()
            .map(|p| (p.wire_name.as_str(), p.rust_name.as_str()))
            .collect();
        assert_eq!(
            params,
            [("GadgetId", "gadget_id"), ("gadgetId", "gadget_id_2")]
        );
        let fields: Vec<(&str, &str)> = op
            .response
            .iter()
            .map(|f| (f.wire_name.as_str(), f.rust_name.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("RequestId", "request_id"),
                ("TaskNo", "task_no"),
                ("taskNo", "task_no_2")
            ]
        );
        // Each renaming is reported, with the page and line.
        let warnings: Vec<String> = diags.0.iter().map(ToString::to_string).collect();
        for expected in [
            "operation `DescribeDnsGadget` has the same Rust name as `DescribeDNSGadget` (`describe_dns_gadget`); it is generated as `describe_dns_gadget_2`",
            "parameter `gadgetId` has the same Rust name as another parameter or method of `DescribeDnsGadgetInput` (`gadget_id`); it is named `gadget_id_2`",
            "response field `taskNo` has the same Rust name as another field of `DescribeDnsGadgetOutput` (`task_no`); it is named `task_no_2`",
        ] {
            assert!(
                warnings.iter().any(|w| w.contains(expected)),
                "{expected}\nnot in {warnings:#?}"
            );
        }
    }

    #[test]
    fn reserved_type_names_are_not_shadowed() {
        let mut scope = Scope {
            used: BTreeSet::new(),
        };
        assert_eq!(scope.claim("Result", "Out"), "ResultValue");
        assert_eq!(scope.claim("Item", "Out"), "Item");
        assert_eq!(scope.claim("item", "Out"), "OutItem");
        assert_eq!(scope.claim_param("Item", "In"), "ItemParam");
    }

    #[test]
    fn moments_get_one_accessor_each_the_exact_one_first() {
        use crate::{build_model, ProductPage, SourceFile};
        let page = SourceFile {
            name: "GetThing.md".into(),
            text: "# GetThing\n\n## Request parameters\n\n|Parameter|Type|Required|Example|Description|\n|--|--|--|--|--|\n|Since|Long|No|1522080000000|From this moment, in milliseconds since the epoch.|\n|Size|Long|No|10|How many.|\n\n## Response parameters\n\n|Parameter|Type|Example|Description|\n|--|--|--|--|\n|RequestId|String|r|Id.|\n|ExpirationDate|String|2018-04-12 09:51:53|When it expires.|\n|ExpirationDateLong|Long|1523497913000|The same, in milliseconds since the epoch.|\n|CreateTime|String|2018-04-12T01:51:53Z|When it was made.|\n|UpdateTime|Long|1523497913000|最后更新时间，单位毫秒。|\n|Name|String|2018-04-12|Not named like a moment.|\n|TimeZone|String|Asia/Shanghai|Not a date.|\n".into(),
        };
        let (api, _, _) =
            build_model(&[page], Some(ProductPage::placeholder())).expect("the page parses");
        let op = &api.operations[0];
        let moments: Vec<(&str, Option<(MomentKind, &str)>)> = op
            .response
            .iter()
            .map(|f| {
                let m = f.time.as_ref().map(|m| (m.kind, m.method.as_str()));
                (f.wire_name.as_str(), m)
            })
            .collect();
        assert_eq!(
            moments,
            [
                ("RequestId", None),
                ("ExpirationDate", None),
                (
                    "ExpirationDateLong",
                    Some((MomentKind::EpochMillis, "expiration_date_at"))
                ),
                ("CreateTime", Some((MomentKind::Text, "create_time_at"))),
                (
                    "UpdateTime",
                    Some((MomentKind::EpochMillis, "update_time_at"))
                ),
                ("Name", None),
                ("TimeZone", None),
            ]
        );
        let setters: Vec<Option<&str>> = op
            .request
            .iter()
            .map(|p| p.time.as_ref().map(|m| m.method.as_str()))
            .collect();
        assert_eq!(setters, [Some("since_at"), None]);
    }
}
