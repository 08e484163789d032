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
            SampleFormat::Xml => crate::xml::parse(text).err(),
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

/// An XML sample as the JSON tree its response would decode through (the
/// runtime's own reader, see [`crate::xml`]); `None` when it does not parse.
pub(crate) fn xml_tree(text: &str) -> Option<Map<String, Value>> {
    match crate::xml::parse(text).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}
