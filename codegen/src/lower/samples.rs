//! Sample responses: found, classified, checked and repaired.

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::model::{Sample, SampleFormat};
use crate::page::{Block, Section};

pub(super) fn section_samples(
    file: &str,
    section: &Section,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Sample> {
    let mut out = Vec::new();
    for block in &section.blocks {
        let Block::Code {
            text, label, line, ..
        } = block
        else {
            continue;
        };
        let trimmed = text.trim_start();
        let label = label.to_ascii_lowercase();
        if label.contains("error") || label.contains("request") || trimmed.starts_with("http") {
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
        let mut text = text.clone();
        if format == SampleFormat::Xml && text.trim_start().starts_with("<? xml") {
            text = text.replacen("<? xml", "<?xml", 1).replacen("? >", "?>", 1);
            diags.push(Diagnostic::warning(
                file,
                *line,
                "sample XML declaration written `<? xml … ? >`; read as `<?xml … ?>`",
            ));
        }
        let text = &text;
        let invalid = match format {
            SampleFormat::Json => serde_json::from_str::<serde_json::Value>(text)
                .err()
                .map(|e| e.to_string()),
            SampleFormat::Xml => check_xml(text).err(),
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
            text: text.clone(),
            line: *line,
            invalid,
        });
    }
    out
}

/// An XML sample as the JSON tree its response would decode through: the
/// root's content as an object, repeated children as arrays, leaves as text.
pub(crate) fn xml_tree(text: &str) -> Option<Map<String, Value>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    // Each open element: its name and the children seen so far.
    let mut stack: Vec<(String, Map<String, Value>, String)> = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                stack.push((name, Map::new(), String::new()));
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.2.push_str(&t.unescape().ok()?);
                }
            }
            Event::End(_) => {
                let (name, children, text) = stack.pop()?;
                let value = if children.is_empty() {
                    Value::String(text)
                } else {
                    Value::Object(children)
                };
                match stack.last_mut() {
                    None => return value.as_object().cloned(),
                    Some(parent) => match parent.1.get_mut(&name) {
                        None => {
                            parent.1.insert(name, value);
                        }
                        Some(Value::Array(items)) => items.push(value),
                        Some(existing) => {
                            let first = existing.take();
                            *existing = Value::Array(vec![first, value]);
                        }
                    },
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Checks that `text` is one well-formed XML element.
pub(super) fn check_xml(text: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Text(t)) if depth == 0 && !t.iter().all(u8::is_ascii_whitespace) => {
                return Err("text outside the root element".into())
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("at byte {}: {e}", reader.buffer_position())),
        }
    }
    match (depth, roots) {
        (0, 1) => Ok(()),
        (0, 0) => Err("no root element".into()),
        (0, n) => Err(format!("{n} root elements; expected one")),
        _ => Err("an element is not closed".into()),
    }
}
