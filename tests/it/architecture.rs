//! The README's *Architecture* invariants, checked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Invariant: the generator does not depend on the crate it generates, and
/// of the runtime it uses only the XML reader (`unstable::xml`), through a
/// normal dependency without the runtime's `client` feature, so that
/// building the generator (and `cargo xtask`) compiles no HTTP stack. The
/// reader itself stays self-contained.
#[test]
fn codegen_uses_only_the_runtimes_xml_reader() {
    let manifest = std::fs::read_to_string(root().join("codegen/Cargo.toml")).expect("readable");
    assert!(
        !manifest.contains("alibabacloud-domain ")
            && !manifest.contains("alibabacloud-domain.workspace"),
        "codegen/Cargo.toml depends on the client crate"
    );
    let runtime_line = manifest
        .lines()
        .find(|l| l.starts_with("alibabacloud-runtime"))
        .expect("codegen depends on the runtime");
    assert!(
        runtime_line.contains("default-features = false") && !runtime_line.contains("features = ["),
        "the generator must not enable the runtime's client: {runtime_line}"
    );
    let runtime_manifest =
        std::fs::read_to_string(root().join("generated/runtime/Cargo.toml")).expect("readable");
    for heavy in ["reqwest", "tokio"] {
        let line = runtime_manifest
            .lines()
            .find(|l| l.starts_with(&format!("{heavy} ")))
            .unwrap_or_else(|| panic!("the runtime names {heavy}"));
        assert!(line.contains("optional = true"), "{line}");
        assert!(runtime_manifest.contains(&format!("\"dep:{heavy}\"")));
    }
    let mut files = Vec::new();
    rust_files(&root().join("codegen/src"), &mut files);
    let mut uses = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        assert!(
            !text.contains("#[path"),
            "{}: no file is shared by path",
            file.display()
        );
        for (i, _) in text.match_indices("alibabacloud_runtime::") {
            uses += 1;
            assert!(
                text[i..].starts_with("alibabacloud_runtime::unstable::xml"),
                "{}: the generator uses only the runtime's XML reader: {}",
                file.display(),
                text[i..].lines().next().unwrap_or_default()
            );
        }
    }
    assert!(
        uses > 0,
        "the generator reads XML samples with the runtime's reader"
    );
    let xml =
        std::fs::read_to_string(root().join("generated/runtime/src/xml.rs")).expect("readable");
    let code = xml.split("#[cfg(test)]").next().unwrap_or(&xml);
    assert!(
        !code.contains("crate::") && !code.contains("super::"),
        "generated/runtime/src/xml.rs must stay self-contained"
    );
}

/// Invariant: the runtime's unstable module (for generated code, no semver
/// guarantee) is not part of the product crate's API: the crate reaches it
/// only through its private `crate::runtime` module, re-exports nothing
/// from it, and generated code never names the runtime crate itself.
#[test]
fn the_product_crate_keeps_the_unstable_runtime_private() {
    let shell = std::fs::read_to_string(root().join("generated/src/root.rs")).expect("readable");
    let lib = std::fs::read_to_string(root().join("generated/src/lib.rs")).expect("readable");
    assert!(
        shell.contains("\nmod runtime {"),
        "the gateway is a private module"
    );
    for text in [&shell, &lib] {
        for line in text.lines().filter(|l| l.contains("unstable")) {
            let line = line.trim();
            assert!(
                line.starts_with("pub(crate) use alibabacloud_runtime::unstable::")
                    || line.starts_with("impl alibabacloud_runtime::unstable::")
                    || line.starts_with("//"),
                "unstable items stay private: {line}"
            );
        }
        assert!(
            !text.contains("pub mod runtime"),
            "the gateway must stay private"
        );
    }
    let mut files = Vec::new();
    rust_files(&root().join("generated/src/generated"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        assert!(
            !text.contains("alibabacloud_runtime"),
            "{}: generated code reaches the runtime through crate::runtime only",
            file.display()
        );
    }
}

/// Invariant: generated code reaches the runtime only through the
/// `Operation` contract, parameters, the lenient decoders, the paginator
/// traits, the enum conversions' macro, the builders' typestate and the
/// error-code traits.
#[test]
fn generated_code_uses_only_the_runtime_contract() {
    const ALLOWED: &[&str] = &[
        "crate::runtime::Operation",
        "crate::runtime::OperationKind",
        "crate::runtime::Params",
        "crate::runtime::Product",
        "crate::runtime::WriteParams",
        "crate::runtime::ParamValue",
        "crate::runtime::lenient::FromTree",
        "crate::runtime::lenient::FromWire",
        "crate::runtime::lenient::Fields",
        "crate::runtime::lenient::Path",
        "crate::runtime::lenient::Tree",
        "crate::runtime::decode::DecodeError",
        "crate::runtime::decode::from_json",
        "crate::runtime::decode::from_xml",
        "crate::runtime::paginator::",
        "crate::runtime::wire_enum",
        "crate::runtime::Missing",
        "crate::runtime::Given",
        "crate::runtime::CommonErrorCode",
        "crate::runtime::ErrorCode",
        "crate::runtime::OperationErrors",
        "crate::runtime::UnknownValue",
    ];
    let mut files = Vec::new();
    rust_files(&root().join("generated/src/generated"), &mut files);
    let mut used = BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        for (i, _) in text.match_indices("crate::runtime::") {
            let path: String = text[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            assert!(
                ALLOWED.iter().any(|a| path.starts_with(a)),
                "{} uses `{path}`, which is not part of the runtime contract",
                file.display()
            );
            used.insert(path);
        }
    }
    assert!(used.len() > 5, "the scan found the runtime paths: {used:?}");
}

/// Invariant: the runtime crate names no product. The word "domain" (in any
/// case, so also `DomainName`, `alibabacloud-domain`) appears nowhere in its
/// manifest, sources, doc examples or unit tests: product facts reach it
/// from a product crate, as a `Product`.
#[test]
fn the_runtime_names_no_product() {
    let dir = root().join("generated/runtime");
    let mut files = vec![dir.join("Cargo.toml")];
    rust_files(&dir.join("src"), &mut files);
    assert!(
        files.len() > 20,
        "the runtime's files were found: {files:?}"
    );
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        for (number, line) in text.lines().enumerate() {
            if line.to_lowercase().contains("domain") {
                found.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the runtime names a product:\n{}",
        found.join("\n")
    );
}

/// Invariant: every generated file says so in its first line.
#[test]
fn generated_files_say_so_first() {
    let mut files = Vec::new();
    rust_files(&root().join("generated/src/generated"), &mut files);
    assert!(files.len() > 70);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let first = text.lines().next().unwrap_or("");
        assert!(
            first.starts_with("// @generated by cargo xtask codegen from ")
                && first.ends_with("do not edit"),
            "{}: {first}",
            file.display()
        );
    }
}

/// Invariant: Rust names are decided in one place, the model's naming pass;
/// emitters read them.
#[test]
fn emitters_decide_no_names() {
    let mut files = Vec::new();
    rust_files(&root().join("codegen/src/emit"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        for needle in ["snake(", "camel(", "to_snake_case", "to_upper_camel_case"] {
            assert!(
                !text.contains(needle),
                "{} computes a name (`{needle}`); take it from the model",
                file.display()
            );
        }
    }
}

/// The runtime crate's modules, one per file (`crate` for `lib.rs`,
/// `credentials` for `credentials/mod.rs`, `credentials::sts` for
/// `credentials/sts.rs`), with the modules each one's code names.
mod module_graph {
    use std::collections::{BTreeMap, BTreeSet, VecDeque};
    use std::path::Path;

    /// A module's path from the crate root (`[]` for the root).
    pub type Module = Vec<String>;

    pub fn name(module: &Module) -> String {
        if module.is_empty() {
            "crate".to_owned()
        } else {
            module.join("::")
        }
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Tok {
        Ident(String),
        /// `::`
        Sep,
        Punct(char),
    }

    /// The tokens of `code` that matter for paths: identifiers (`$crate`
    /// as `crate`), `::` and punctuation, without comments, string,
    /// character and byte literals.
    fn lex(code: &str) -> Vec<Tok> {
        let chars: Vec<char> = code.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        let ident_char = |c: char| c.is_alphanumeric() || c == '_';
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            if c == '/' && next == Some('/') {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            } else if c == '/' && next == Some('*') {
                let mut depth = 0;
                while i < chars.len() {
                    if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            } else if c == '"' {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            } else if c == '\'' {
                if next == Some('\\') {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    // A lifetime: its name follows as an identifier.
                    i += 1;
                }
            } else if c == ':' && next == Some(':') {
                tokens.push(Tok::Sep);
                i += 2;
            } else if c == '$' || ident_char(c) {
                let start = i;
                i += 1;
                while i < chars.len() && ident_char(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let raw_string = matches!(word.as_str(), "r" | "br" | "b")
                    && matches!(chars.get(i), Some('"') | Some('#'));
                if raw_string {
                    // r"…", r#"…"#, b"…", br#"…"#: skip to the matching end.
                    let mut hashes = 0;
                    while chars.get(i) == Some(&'#') {
                        hashes += 1;
                        i += 1;
                    }
                    i += 1;
                    let escapes = word == "b";
                    loop {
                        match chars.get(i) {
                            None => break,
                            Some('\\') if escapes => i += 2,
                            Some('"')
                                if (0..hashes).all(|k| chars.get(i + 1 + k) == Some(&'#')) =>
                            {
                                i += 1 + hashes;
                                break;
                            }
                            Some(_) => i += 1,
                        }
                    }
                    continue;
                }
                let word = word.trim_start_matches('$').to_owned();
                tokens.push(Tok::Ident(word));
            } else {
                if !c.is_whitespace() {
                    tokens.push(Tok::Punct(c));
                }
                i += 1;
            }
        }
        tokens
    }

    /// `tokens` without the items marked `#[cfg(test)]` (unit tests).
    fn without_tests(tokens: Vec<Tok>) -> Vec<Tok> {
        let attr = [
            Tok::Punct('#'),
            Tok::Punct('['),
            Tok::Ident("cfg".into()),
            Tok::Punct('('),
            Tok::Ident("test".into()),
            Tok::Punct(')'),
            Tok::Punct(']'),
        ];
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i..].starts_with(&attr) {
                i += attr.len();
                let mut depth = 0;
                while i < tokens.len() {
                    match &tokens[i] {
                        Tok::Punct('{') => depth += 1,
                        Tok::Punct('}') => {
                            depth -= 1;
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        Tok::Punct(';') if depth == 0 => {
                            i += 1;
                            break;
                        }
                        _ => {}
                    }
                    i += 1;
                }
            } else {
                out.push(tokens[i].clone());
                i += 1;
            }
        }
        out
    }

    /// The paths of a `use` tree starting at `tokens[*i]`.
    fn use_tree(tokens: &[Tok], i: &mut usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        let mut path = prefix;
        loop {
            match tokens.get(*i) {
                Some(Tok::Ident(word))
                    if word == "self"
                        && !path.is_empty()
                        && matches!(
                            tokens.get(*i + 1),
                            Some(Tok::Punct(',') | Tok::Punct('}'))
                        ) =>
                {
                    *i += 1;
                    out.push(path);
                    return;
                }
                Some(Tok::Ident(word)) => {
                    path.push(word.clone());
                    *i += 1;
                    match tokens.get(*i) {
                        Some(Tok::Sep) => *i += 1,
                        Some(Tok::Ident(a)) if a == "as" => {
                            *i += 2;
                            out.push(path);
                            return;
                        }
                        _ => {
                            out.push(path);
                            return;
                        }
                    }
                }
                Some(Tok::Punct('*')) => {
                    *i += 1;
                    out.push(path);
                    return;
                }
                Some(Tok::Punct('{')) => {
                    *i += 1;
                    loop {
                        match tokens.get(*i) {
                            Some(Tok::Punct('}')) | None => {
                                *i += 1;
                                return;
                            }
                            Some(Tok::Punct(',')) => *i += 1,
                            _ => use_tree(tokens, i, path.clone(), out),
                        }
                    }
                }
                _ => {
                    out.push(path);
                    return;
                }
            }
        }
    }

    /// Every module of the crate whose sources are in `src`, with the
    /// modules its code (unit tests left out) names through `use` items
    /// (re-exports included) and paths written inline, starting with
    /// `crate::`, `$crate::`, `super::`, `self::` or a child module's name.
    pub fn read(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
        let mut files = Vec::new();
        super::rust_files(src, &mut files);
        let mut sources = BTreeMap::new();
        for file in files {
            let rel = file.strip_prefix(src).expect("under src");
            let mut module: Module = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod" || m == "lib") {
                module.pop();
            }
            let text = std::fs::read_to_string(&file).expect("readable");
            sources.insert(module, without_tests(lex(&text)));
        }
        let modules: BTreeSet<Module> = sources.keys().cloned().collect();
        let mut graph = BTreeMap::new();
        for (module, tokens) in &sources {
            let children: BTreeSet<String> = modules
                .iter()
                .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
                .map(|m| m[module.len()].clone())
                .collect();
            let mut paths = Vec::new();
            let mut i = 0;
            while i < tokens.len() {
                let starts_path = i == 0 || tokens[i - 1] != Tok::Sep;
                match &tokens[i] {
                    Tok::Ident(word) if word == "use" => {
                        i += 1;
                        use_tree(tokens, &mut i, Vec::new(), &mut paths);
                    }
                    Tok::Ident(word)
                        if starts_path
                            && tokens.get(i + 1) == Some(&Tok::Sep)
                            && (matches!(word.as_str(), "crate" | "super" | "self")
                                || children.contains(word)) =>
                    {
                        let mut path = vec![word.clone()];
                        i += 1;
                        while tokens.get(i) == Some(&Tok::Sep) {
                            match tokens.get(i + 1) {
                                Some(Tok::Ident(next)) => path.push(next.clone()),
                                _ => break,
                            }
                            i += 2;
                        }
                        paths.push(path);
                    }
                    _ => i += 1,
                }
            }
            let mut edges = BTreeSet::new();
            for path in paths {
                if let Some(target) = resolve(module, &children, &path, &modules) {
                    if &target != module {
                        edges.insert(target);
                    }
                }
            }
            graph.insert(module.clone(), edges);
        }
        graph
    }

    /// The module a path written in `module` names: the deepest module on
    /// the path (an item's path names the module that holds it).
    fn resolve(
        module: &Module,
        children: &BTreeSet<String>,
        path: &[String],
        modules: &BTreeSet<Module>,
    ) -> Option<Module> {
        let (mut at, mut rest) = match path.first()?.as_str() {
            "crate" => (Vec::new(), &path[1..]),
            "self" => (module.clone(), &path[1..]),
            "super" => {
                let mut at = module.clone();
                let mut rest = path;
                while rest.first().is_some_and(|s| s == "super") {
                    at.pop()?;
                    rest = &rest[1..];
                }
                (at, rest)
            }
            child if children.contains(child) => (module.clone(), path),
            _ => return None, // another crate
        };
        while let Some(segment) = rest.first() {
            let mut next = at.clone();
            next.push(segment.clone());
            if !modules.contains(&next) {
                break;
            }
            at = next;
            rest = &rest[1..];
        }
        Some(at)
    }

    /// The strongly connected components of more than one module: each is
    /// a set of modules that all depend on each other.
    pub fn cycles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
        // Kosaraju: order by finish time, then collect on the reversed graph.
        fn visit(
            node: &Module,
            graph: &BTreeMap<Module, BTreeSet<Module>>,
            seen: &mut BTreeSet<Module>,
            order: &mut Vec<Module>,
        ) {
            if !seen.insert(node.clone()) {
                return;
            }
            for next in graph.get(node).into_iter().flatten() {
                visit(next, graph, seen, order);
            }
            order.push(node.clone());
        }
        let mut seen = BTreeSet::new();
        let mut order = Vec::new();
        for node in graph.keys() {
            visit(node, graph, &mut seen, &mut order);
        }
        let mut reversed: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        for (from, tos) in graph {
            for to in tos {
                reversed.entry(to.clone()).or_default().insert(from.clone());
            }
        }
        let mut assigned = BTreeSet::new();
        let mut components = Vec::new();
        for node in order.iter().rev() {
            let mut component = Vec::new();
            visit(node, &reversed, &mut assigned, &mut component);
            if component.len() > 1 {
                component.sort();
                components.push(component);
            }
        }
        components
    }

    /// A shortest path of dependencies from `from` back to itself.
    pub fn loop_through(graph: &BTreeMap<Module, BTreeSet<Module>>, from: &Module) -> Vec<Module> {
        let mut came_from: BTreeMap<Module, Module> = BTreeMap::new();
        let mut queue = VecDeque::from([from.clone()]);
        while let Some(node) = queue.pop_front() {
            for next in graph.get(&node).into_iter().flatten() {
                if next == from {
                    let mut chain = vec![node.clone()];
                    let mut at = node.clone();
                    while &at != from {
                        at = came_from[&at].clone();
                        chain.push(at.clone());
                    }
                    chain.reverse();
                    chain.push(from.clone());
                    return chain;
                }
                if !came_from.contains_key(next) && next != from {
                    came_from.insert(next.clone(), node.clone());
                    queue.push_back(next.clone());
                }
            }
        }
        Vec::new()
    }
}

/// Invariant: the runtime's modules form layers: no module depends, through
/// other modules or directly, on one that depends on it. A module's
/// dependencies are the modules its code (not its unit tests) names in
/// `use` items, re-exports included, and in paths written inline
/// (`crate::x::y`, `super::x`, a child module's `x::y`). So code inside the
/// crate names an item by its module (`crate::error::Error`), never by a
/// re-export of a module that depends on it (`crate::Error`).
#[test]
fn the_runtime_modules_have_no_cycle() {
    use module_graph::{cycles, loop_through, name, read};
    let graph = read(&root().join("generated/runtime/src"));
    assert!(graph.len() > 25, "the runtime's modules were found");
    let edges: usize = graph.values().map(|e| e.len()).sum();
    assert!(edges > 40, "the scan found the dependencies: {graph:?}");
    let cycles = cycles(&graph);
    let report: Vec<String> = cycles
        .iter()
        .map(|component| {
            let example = loop_through(&graph, &component[0])
                .iter()
                .map(name)
                .collect::<Vec<_>>()
                .join(" → ");
            format!(
                "{} (e.g. {example})",
                component.iter().map(name).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "the runtime's modules depend on each other in a cycle:\n  {}",
        report.join("\n  ")
    );
}

/// The graph reader finds what the cycle test relies on: `use` trees with
/// groups and `self`, inline `crate::`, `super::` and child-module paths,
/// re-exports; and it ignores comments, strings and unit tests.
#[test]
fn the_module_graph_reader_sees_uses_paths_and_reexports_only_in_code() {
    use module_graph::{cycles, name, read};
    let dir = std::env::temp_dir().join(format!("module-graph-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("a")).unwrap();
    let write = |path: &str, text: &str| std::fs::write(dir.join(path), text).unwrap();
    write("lib.rs", "mod a; mod b; mod c; mod d; pub use b::B;\n");
    write("a/mod.rs", "mod x;\npub use x::X;\nfn f() { x::go(); }\n");
    write("a/x.rs", "use crate::{b::{self, B}, c::C as Cee};\n// crate::d::ignored\nconst S: &str = \"crate::d::no\";\n#[cfg(test)]\nmod tests { use crate::d::D; }\n");
    write("b.rs", "fn f() -> super::c::C { todo!() }\n");
    write("c.rs", "fn g() { let _ = $crate::a::X; }\n");
    write(
        "d.rs",
        "fn h(_: &'static str, c: char) { let _ = 'x'; let _ = r#\"crate::a\"#; }\n",
    );
    let graph = read(&dir);
    let shown: Vec<String> = graph
        .iter()
        .map(|(m, e)| {
            format!(
                "{} -> {}",
                name(m),
                e.iter().map(name).collect::<Vec<_>>().join(",")
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "crate -> b",
            "a -> a::x",
            "a::x -> b,c",
            "b -> c",
            "c -> a",
            "d -> ",
        ],
        "{shown:#?}"
    );
    let found = cycles(&graph);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0].iter().map(name).collect::<Vec<_>>(),
        ["a", "a::x", "b", "c"]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Invariant: test utilities depend on the runtime, never the reverse: no
/// module of the runtime names `test_util`, and no code but the line of
/// `lib.rs` that declares the module depends on the `test-util` feature.
#[test]
fn the_runtime_does_not_depend_on_its_test_utilities() {
    use module_graph::{name, read};
    let src = root().join("generated/runtime/src");
    let graph = read(&src);
    let test_util = vec!["test_util".to_owned()];
    let uses = graph.get(&test_util).expect("the test_util module");
    assert!(
        uses.len() >= 4,
        "test_util is built on the runtime: {:?}",
        uses.iter().map(name).collect::<Vec<_>>()
    );
    let users: Vec<String> = graph
        .iter()
        .filter(|(module, deps)| **module != test_util && deps.contains(&test_util))
        .map(|(module, _)| name(module))
        .collect();
    assert!(users.is_empty(), "{users:?} depend on test_util");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let mentions = text.matches("feature = \"test-util\"").count();
        let allowed = usize::from(file.ends_with("lib.rs"));
        assert_eq!(
            mentions,
            allowed,
            "{}: production code must not depend on the test-util feature",
            file.display()
        );
    }
}
