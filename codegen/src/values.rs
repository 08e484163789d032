//! Reading "Valid values" and "Default value" out of a description.
//!
//! Pages write them in several ways, in English and in Chinese: a Markdown
//! list after "Valid values:" / "取值：" (`-   **zh**: Chinese`,
//! `-   **true**：已存在`), an inline sentence (`Valid values: zh \(Chinese\)
//! and en \(English\).`, `取值范围：en、zh、ja。`, `取值：**Enable/Disable**。`),
//! or a range (`Valid values: 1 to 10`, `取值范围：[1,10]`), which is not a
//! list of values and yields nothing.

use crate::model::AllowedValue;

const MARKERS: &[&str] = &[
    "valid values:",
    "optional values:",
    "valid value:",
    "following enumerated values:",
    "enumerated values include",
    "enumerated values:",
    "values:",
    "取值范围：",
    "取值范围:",
    "取值范围为",
    "取值：",
    "取值:",
    "取值为",
    "枚举值：",
    "枚举值:",
    "枚举值为",
    "可选值：",
    "可选值:",
    "可取：",
    "可取值：",
    "有效值：",
];

/// Removes Markdown emphasis and backslash escapes from a short fragment.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(&next) = chars.peek() {
                    if next.is_ascii_punctuation() {
                        out.push(next);
                        chars.next();
                        continue;
                    }
                }
                out.push(c);
            }
            '*' | '`' => {}
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

fn is_value_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/'))
}

/// The values listed under "Valid values" in `description`, each once (a
/// page that lists a value twice keeps its first meaning; see
/// [`repeated_values`]).
pub fn allowed_values(description: &str) -> Vec<AllowedValue> {
    let mut values = listed_values(description);
    let mut seen = std::collections::BTreeSet::new();
    values.retain(|v| seen.insert(v.value.clone()));
    values
}

/// The values listed more than once under "Valid values" in `description`.
pub fn repeated_values(description: &str) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut repeated = Vec::new();
    for v in listed_values(description) {
        if !seen.insert(v.value.clone()) && !repeated.contains(&v.value) {
            repeated.push(v.value);
        }
    }
    repeated
}

fn listed_values(description: &str) -> Vec<AllowedValue> {
    let lower = description.to_ascii_lowercase();
    let Some((start, marker)) = MARKERS
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, *m)))
        .min_by_key(|(i, _)| *i)
    else {
        return Vec::new();
    };
    let rest = &description[start + marker.len()..];
    let list = list_values(rest);
    if !list.is_empty() {
        return list;
    }
    inline_values(rest)
}

/// `-   **v**: meaning` items directly after the marker.
fn list_values(rest: &str) -> Vec<AllowedValue> {
    let mut values: Vec<AllowedValue> = Vec::new();
    let mut seen_item = false;
    let mut after_blank = false;
    for line in rest.lines() {
        let t = line.trim();
        if t.is_empty() {
            after_blank = true;
            continue;
        }
        let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) else {
            // A line right under an item, not indented: the item's text
            // goes on (Markdown's lazy continuation).
            if let (Some(last), false) = (values.last_mut(), after_blank) {
                if !last.description.is_empty() {
                    last.description.push(' ');
                }
                last.description.push_str(t);
                continue;
            }
            if seen_item || !values.is_empty() {
                break;
            }
            // Text between the marker and the list ends the search.
            return Vec::new();
        };
        seen_item = true;
        after_blank = false;
        let item = item.trim();
        let (value, meaning) = match item.split_once([':', '：']) {
            Some((v, m)) if is_value_token(&plain(v)) => (plain(v), m.trim().to_string()),
            _ => (plain(item), String::new()),
        };
        if !is_value_token(&value) {
            return Vec::new();
        }
        values.push(AllowedValue {
            value,
            rust_name: String::new(),
            description: meaning,
        });
    }
    values
}

/// `zh (Chinese) and en (English).` or `true, false`.
fn inline_values(rest: &str) -> Vec<AllowedValue> {
    let first_line = rest.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let text = plain(first_line);
    // The sentence ends at ". ", a final "." or a Chinese full stop.
    let sentence = match text.find(". ").or_else(|| text.find('。')) {
        Some(i) => &text[..i],
        None => text.trim_end_matches('.'),
    };
    let mut values = Vec::new();
    let mut parts: Vec<&str> = sentence
        .split([',', ';', '，', '；', '、'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" or "))
        .flat_map(|p| p.split('或'))
        .filter(|p| !p.trim().is_empty())
        .collect();
    // `Enable/Disable` lists with slashes, but only when nothing else
    // separates the values (`RSA/SHA-256` is one value among others).
    if let [only] = parts.as_slice() {
        parts = only.split('/').collect();
    }
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (value, meaning) = match part.split_once(['(', '（']) {
            Some((v, m)) => (v.trim(), m.trim_end_matches([')', '）']).trim()),
            None => (part, ""),
        };
        if !is_value_token(value) {
            return Vec::new();
        }
        values.push(AllowedValue {
            value: value.to_string(),
            rust_name: String::new(),
            description: meaning.to_string(),
        });
    }
    // "1 to 10" is a range, not a list.
    if values.len() < 2 {
        return Vec::new();
    }
    values
}

/// The value after "Default value:" (or in "The default value is X",
/// "默认值：X", "默认为X", "默认值为X").
pub fn default_value(description: &str) -> Option<String> {
    let text = plain(description);
    let lower = text.to_ascii_lowercase();
    let start = [
        "default value:",
        "default value is",
        "the default value is",
        "默认值：",
        "默认值:",
        "默认值为",
        "默认为",
    ]
    .iter()
    .filter_map(|m| lower.find(m).map(|i| i + m.len()))
    .min()?;
    let token: String = text[start..]
        .trim_start()
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '，' | '。' | '；' | '（' | '('))
        .collect();
    let token = token.trim_end_matches(['.', ',', ';']).to_string();
    is_value_token(&token).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(d: &str) -> Vec<String> {
        allowed_values(d).into_iter().map(|v| v.value).collect()
    }

    #[test]
    fn inline_sentence() {
        let d =
            "The language. Valid values: zh \\(Chinese\\) and en \\(English\\). Default value: en";
        assert_eq!(values(d), ["zh", "en"]);
        assert_eq!(allowed_values(d)[0].description, "Chinese");
        assert_eq!(default_value(d).as_deref(), Some("en"));
    }

    #[test]
    fn markdown_list() {
        let d = "Status. Valid values:\n\n -   **WAITING\\_EXECUTE**: waiting.\n-   **EXECUTING**: running.\n\n Default value: **EXECUTING**.";
        assert_eq!(values(d), ["WAITING_EXECUTE", "EXECUTING"]);
        assert_eq!(allowed_values(d)[1].description, "running.");
        assert_eq!(default_value(d).as_deref(), Some("EXECUTING"));
    }

    #[test]
    fn ranges_and_prose_are_not_values() {
        assert!(values("Valid values: **1** to **10**. Unit: years.").is_empty());
        assert!(values("Valid values: 0 to 65535.").is_empty());
        assert!(values("No list here.").is_empty());
        assert_eq!(default_value("No default."), None);
    }

    #[test]
    fn enumerated_values_wording() {
        let d = "Language. The enumerated values include zh \\(Chinese\\) and en \\(English\\).  The default value is en.";
        assert_eq!(values(d), ["zh", "en"]);
        assert_eq!(default_value(d).as_deref(), Some("en"));
        let d = "Task type, which has the following enumerated values:-   CHG\\_HOLDER: Modify.\n-   CHG\\_DNS: Change DNS.";
        assert_eq!(values(d), ["CHG_HOLDER", "CHG_DNS"]);
    }

    #[test]
    fn chinese_wording() {
        let d = "是否存在解析记录。取值：\n\n -   **true**：已存在\n-   **false**：不存在\n\n ";
        assert_eq!(values(d), ["true", "false"]);
        assert_eq!(allowed_values(d)[0].description, "已存在");
        assert_eq!(
            values("解析记录状态，取值：**Enable/Disable**。"),
            ["Enable", "Disable"]
        );
        let d = "部分返回参数语言。默认值：en。取值范围：en、zh、ja。";
        assert_eq!(values(d), ["en", "zh", "ja"]);
        assert_eq!(default_value(d).as_deref(), Some("en"));
        assert_eq!(values("默认值为en。可取：en，zh，ja。"), ["en", "zh", "ja"]);
        assert!(values("取值范围：`[1,10]`。").is_empty());
        assert!(values("系统规定参数。取值：DescribeTags。").is_empty());
        assert_eq!(
            default_value("当前页数，起始值为**1**，默认为**1**。").as_deref(),
            Some("1")
        );
        assert_eq!(
            default_value("排序方式，默认为default。").as_deref(),
            Some("default")
        );
    }

    #[test]
    fn a_value_listed_twice_is_kept_once_and_reported() {
        let d = "Mode. Valid values:\n\n- **on**: on.\n- **off**: off.\n- **on**: on again.\n- **off**: off.\n";
        assert_eq!(values(d), ["on", "off"]);
        assert_eq!(allowed_values(d)[0].description, "on.");
        assert_eq!(repeated_values(d), ["on", "off"]);
        assert!(repeated_values("Valid values: a, b.").is_empty());
    }

    #[test]
    fn an_item_continued_on_an_unindented_line_keeps_the_list_going() {
        let d = "Mode. Valid values:\n\n- **on**: turns it on,\nand keeps it on.\n- **off**: off.\n\nMore text.";
        assert_eq!(values(d), ["on", "off"]);
        assert_eq!(
            allowed_values(d)[0].description,
            "turns it on, and keeps it on."
        );
    }

    #[test]
    fn bare_list_items() {
        let d = "Contact type. Optional values: -   registrant\n-   admin\n-   billing\n\n";
        // The first item shares the marker's line.
        assert_eq!(values(d), ["registrant", "admin", "billing"]);
    }
}
