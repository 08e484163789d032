//! Sample responses: found, classified, checked and repaired.

use crate::diagnostics::Diagnostic;
use crate::model::{Sample, SampleFormat};
use crate::page::{Block, Section};
use crate::vocabulary::{is_error_label, is_request_label, is_success_label};

pub(super) fn section_samples(
    file: &str,
    section: &Section,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Sample> {
    let mut out = Vec::new();
    if is_error_label(&section.title) {
        return out;
    }
    // Prose such as "Sample error response" / "异常返回示例" makes the code
    // blocks after it error examples, until prose about success follows.
    let mut in_errors = false;
    for block in &section.blocks {
        let (text, label, line) = match block {
            Block::Code {
                text, label, line, ..
            } => (text, label, line),
            Block::Text(prose) => {
                if is_error_label(&prose.value) {
                    in_errors = true;
                } else if is_success_label(&prose.value) {
                    in_errors = false;
                }
                continue;
            }
            Block::Table(_) => continue,
        };
        if in_errors || is_error_label(label) || is_request_label(label) {
            continue;
        }
        // Some pages show the status line and headers before the body.
        let body = strip_http_head(text);
        let trimmed = body.trim_start();
        if trimmed.starts_with("http") || trimmed.starts_with("HTTP") {
            continue;
        }
        let format = if trimmed.starts_with('{') || trimmed.starts_with('[') {
            SampleFormat::Json
        } else if trimmed.starts_with('<') {
            SampleFormat::Xml
        } else {
            continue;
        };
        // A known typo in the pages: `<? xml … ? >` for the XML declaration.
        let mut text = body.to_string();
        if format == SampleFormat::Xml && text.trim_start().starts_with("<? xml") {
            text = text.replacen("<? xml", "<?xml", 1).replacen("? >", "?>", 1);
            diags.push(Diagnostic::warning(
                file,
                *line,
                "sample XML declaration written `<? xml … ? >`; read as `<?xml … ?>`",
            ));
        }
        // Known mistakes of the pages' samples, repaired when the data is
        // clear (reported, so that the page can be fixed).
        let repaired = match format {
            SampleFormat::Json if serde_json::from_str::<serde_json::Value>(&text).is_err() => {
                super::repair::repair_json(&text)
                    .filter(|t| serde_json::from_str::<serde_json::Value>(t).is_ok())
                    .map(|t| (t, vec!["commas before `}` or `]` removed"]))
            }
            SampleFormat::Xml => match crate::xml::parse(&text) {
                Err(_) => {
                    super::repair::repair_xml(&text).filter(|(t, _)| crate::xml::parse(t).is_ok())
                }
                // One element holding text (`<RequestId>…</RequestId>`): the
                // response's only field, without the root around it.
                Ok(serde_json::Value::String(_)) => Some((
                    format!("<Response>\n{}\n</Response>\n", text.trim()),
                    vec!["its element wrapped in a root element"],
                ))
                .filter(|(t, _)| matches!(crate::xml::parse(t), Ok(serde_json::Value::Object(_)))),
                Ok(_) => None,
            },
            _ => None,
        };
        if let Some((fixed, notes)) = repaired {
            diags.push(Diagnostic::warning(
                file,
                *line,
                format!("sample {format:?} response repaired: {}", notes.join(", ")),
            ));
            text = fixed;
        }
        let invalid = match format {
            SampleFormat::Json => match serde_json::from_str::<serde_json::Value>(&text) {
                Err(e) => Some(e.to_string()),
                Ok(serde_json::Value::Object(map)) => {
                    // Some pages wrap the JSON sample in the XML root
                    // (`{"DescribeXResponse": {...}}`); real responses are not.
                    if let Some((key, inner)) = response_wrapper(&map) {
                        diags.push(Diagnostic::warning(
                            file,
                            *line,
                            format!("the JSON sample is wrapped in `{key}`, as no real response is; it is read without it"),
                        ));
                        text = serde_json::to_string_pretty(inner).unwrap_or_default() + "\n";
                    }
                    None
                }
                Ok(_) => Some("the top level is not an object".to_string()),
            },
            SampleFormat::Xml => match crate::xml::parse(&text) {
                Err(e) => Some(e),
                Ok(serde_json::Value::Object(_)) => None,
                Ok(_) => Some("the root element holds text, not fields".to_string()),
            },
        };
        if let Some(reason) = &invalid {
            diags.push(Diagnostic::warning(
                file,
                *line,
                format!(
                    "sample {format:?} response is not valid: {reason}; it is not used as a test"
                ),
            ));
        }
        out.push(Sample {
            format,
            text,
            line: *line,
            invalid,
            disagrees: Vec::new(),
        });
    }
    out
}

/// The value inside a one-key object whose key ends in `Response`.
fn response_wrapper(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Option<(&String, &serde_json::Value)> {
    match map.iter().next() {
        Some((key, inner)) if map.len() == 1 && key.ends_with("Response") && inner.is_object() => {
            Some((key, inner))
        }
        _ => None,
    }
}

/// The body of a sample that starts with an HTTP status line and headers
/// (`HTTP/1.1 200 OK`, `Content-Type: …`, a blank line): what follows the
/// first blank line. Other samples are returned whole.
fn strip_http_head(text: &str) -> &str {
    let t = text.trim_start();
    if !t.starts_with("HTTP/") {
        return text;
    }
    // The head ends at the first blank line, or else where the body starts.
    let mut offset = text.len() - t.len();
    for line in t.split_inclusive('\n') {
        let content = line.trim();
        if content.is_empty()
            || content.starts_with('{')
            || content.starts_with('<')
            || content.starts_with('[')
        {
            if content.is_empty() {
                offset += line.len();
            }
            return &text[offset..];
        }
        offset += line.len();
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_heads_are_stripped() {
        let sample = "HTTP/1.1 200 OK\nContent-Type:application/json\n\n{\n  \"A\": 1\n}\n";
        assert_eq!(strip_http_head(sample), "{\n  \"A\": 1\n}\n");
        let no_blank = "HTTP/1.1 200 OK\nContent-Type:application/xml\n<?xml version='1.0'?><R/>";
        assert_eq!(strip_http_head(no_blank), "<?xml version='1.0'?><R/>");
        assert_eq!(strip_http_head("{\"A\": 1}"), "{\"A\": 1}");
        assert_eq!(strip_http_head("HTTP/1.1 204 No Content\n"), "");
    }
}
