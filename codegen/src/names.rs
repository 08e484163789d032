//! Rust names for wire names, through `heck`, with keyword escaping.

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try",
    "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "union",
];

/// `SaveSingleTaskForSynchronizingDSRecord` → `save_single_task_for_synchronizing_ds_record`;
/// keywords get a trailing underscore (`type` → `type_`).
pub fn snake(wire: &str) -> String {
    let s = wire.to_snake_case();
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

/// `SaveSingleTaskForSynchronizingDSRecord` → `SaveSingleTaskForSynchronizingDsRecord`.
pub fn camel(wire: &str) -> String {
    let s = wire.to_upper_camel_case();
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(camel("1"), "V1");
        assert_eq!(camel("EXECUTE_SUCCESS"), "ExecuteSuccess");
        assert_eq!(camel("zh"), "Zh");
        assert_eq!(snake("UserClientIp"), "user_client_ip");
    }
}
