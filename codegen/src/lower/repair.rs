//! Repairs for the mistakes Alibaba's sample responses are known to make,
//! so that a sample whose data is clear still serves as evidence and as a
//! test. Each repair is reported by the caller as a warning; a sample that
//! still does not parse after them is reported as invalid.
//!
//! XML: end tags whose name differs from the open tag only in case
//! (`<ExpirationDate>…</expirationDate>`), text after the root element
//! (`</Response>e>`), and several top-level elements without a root.
//! JSON: a comma before a closing `}` or `]`.

/// A repaired XML sample and what was repaired, or `None` when the text has
/// a mistake these repairs do not cover.
pub(super) fn repair_xml(text: &str) -> Option<(String, Vec<&'static str>)> {
    let mut out = String::with_capacity(text.len() + 32);
    let mut notes = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0usize;
    let mut rest = text;
    // Where the declaration ends (a root wrapper goes after it).
    let mut body_start = 0usize;
    while let Some(open) = rest.find('<') {
        let before = &rest[..open];
        if stack.is_empty() && !before.trim().is_empty() {
            // Text outside any element: drop it.
            if !notes.contains(&"text outside the root element removed") {
                notes.push("text outside the root element removed");
            }
        } else {
            out.push_str(before);
        }
        rest = &rest[open..];
        // Comments, CDATA and declarations are copied as they are.
        let special = [
            ("<!--", "-->"),
            ("<![CDATA[", "]]>"),
            ("<?", "?>"),
            ("<!", ">"),
        ]
        .into_iter()
        .find(|(start, _)| rest.starts_with(start));
        if let Some((start, end)) = special {
            let close = rest.find(end)? + end.len();
            out.push_str(&rest[..close]);
            if start == "<?" && stack.is_empty() && roots == 0 {
                body_start = out.len();
            }
            rest = &rest[close..];
            continue;
        }
        let close = rest.find('>')?;
        let tag = &rest[1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim();
            let open_name = stack.pop()?;
            if open_name != name {
                if !open_name.eq_ignore_ascii_case(name) {
                    return None;
                }
                if !notes.contains(&"end tags spelled in another case") {
                    notes.push("end tags spelled in another case");
                }
            }
            out.push_str("</");
            out.push_str(&open_name);
            out.push('>');
        } else {
            let name: String = tag
                .trim_end_matches('/')
                .split_whitespace()
                .next()?
                .to_string();
            if stack.is_empty() {
                roots += 1;
            }
            if !tag.ends_with('/') {
                stack.push(name);
            }
            out.push('<');
            out.push_str(tag);
            out.push('>');
        }
    }
    if !stack.is_empty() {
        return None;
    }
    if !rest.trim().is_empty() && !notes.contains(&"text outside the root element removed") {
        notes.push("text outside the root element removed");
    }
    if roots > 1 {
        notes.push("its elements wrapped in a root element");
        let (head, body) = out.split_at(body_start);
        out = format!("{head}\n<Response>{body}\n</Response>\n");
    } else {
        out.push('\n');
    }
    (!notes.is_empty()).then_some((out, notes))
}

/// A JSON sample without commas before `}` or `]`, when it had any.
pub(super) fn repair_json(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut pending_comma: Option<String> = None;
    let mut changed = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if let Some(held) = pending_comma.as_mut() {
            if c.is_whitespace() {
                held.push(c);
                continue;
            }
            let held = pending_comma.take().unwrap_or_default();
            if c == '}' || c == ']' {
                // Drop the comma, keep the layout after it.
                out.push_str(&held[1..]);
                changed = true;
            } else {
                out.push_str(&held);
            }
        }
        match c {
            ',' => pending_comma = Some(",".to_string()),
            '"' => {
                in_string = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    if let Some(held) = pending_comma {
        out.push_str(&held);
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_tags_in_another_case() {
        let (xml, notes) = repair_xml("<R><ExpirationDate>x</expirationDate><A/></R>").unwrap();
        assert_eq!(xml.trim(), "<R><ExpirationDate>x</ExpirationDate><A/></R>");
        assert_eq!(notes, ["end tags spelled in another case"]);
        assert!(crate::xml::parse(&xml).is_ok());
    }

    #[test]
    fn text_after_the_root_and_several_roots() {
        let (xml, notes) = repair_xml("<?xml version=\"1.0\"?><R><A>1</A></R>e>\n").unwrap();
        assert_eq!(xml.trim(), "<?xml version=\"1.0\"?><R><A>1</A></R>");
        assert_eq!(notes, ["text outside the root element removed"]);
        let (xml, notes) = repair_xml("<RequestId>r</RequestId>\n<TaskNo>t</TaskNo>").unwrap();
        assert_eq!(notes, ["its elements wrapped in a root element"]);
        assert_eq!(
            crate::xml::parse(&xml).unwrap(),
            serde_json::json!({"RequestId": "r", "TaskNo": "t"})
        );
    }

    #[test]
    fn what_is_not_repaired() {
        assert!(repair_xml("<R><A>1</B></R>").is_none(), "a different tag");
        assert!(repair_xml("<R><A>1</A>").is_none(), "an unclosed element");
        assert!(repair_xml("<R><A>1</A></R>").is_none(), "nothing to repair");
        assert!(repair_xml("<R><![CDATA[a>b</c]]></R>").is_none());
    }

    #[test]
    fn trailing_commas() {
        assert_eq!(
            repair_json("{\"a\": [1, 2,], \"b\": \"x,}\",\n}").as_deref(),
            Some("{\"a\": [1, 2], \"b\": \"x,}\"\n}")
        );
        assert_eq!(repair_json("{\"a\": 1}"), None);
    }
}
