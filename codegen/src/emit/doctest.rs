//! The usage example in each input type's documentation: a doc test that
//! builds the input from its required parameters (arguments of `new`, or
//! setters of the builder when there are two or more), and a `compile_fail`
//! one proving that leaving the first of them out does not compile.

use crate::model::{Operation, Parameter, Scalar, Type};

/// A Rust literal for `example` as a value of `s`.
fn literal(s: Scalar, example: &str) -> String {
    match s {
        Scalar::String => format!("{example:?}"),
        // Typed, so that a big number is not read as an `i32`.
        Scalar::Integer => example
            .parse::<i32>()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "1".into()),
        Scalar::Long => example
            .parse::<i64>()
            .map(|n| format!("{n}_i64"))
            .unwrap_or_else(|_| "1_i64".into()),
        Scalar::Float => example
            .parse::<f64>()
            .map(|n| format!("{n:?}"))
            .unwrap_or_else(|_| "1.0".into()),
        Scalar::Boolean => example
            .parse::<bool>()
            .map(|b| b.to_string())
            .unwrap_or_else(|_| "true".into()),
    }
}

/// The argument for a required parameter.
fn argument(p: &Parameter) -> String {
    let example = p.example.clone().unwrap_or_default();
    match &p.ty {
        Type::Scalar(_) if p.is_enum() => {
            let v = p
                .allowed_values
                .first()
                .map(|v| v.value.clone())
                .unwrap_or_default();
            format!("{v:?}")
        }
        Type::Scalar(s) => literal(*s, &example),
        Type::ScalarList(s) => format!("[{}]", literal(*s, &example)),
        _ => String::new(),
    }
}

/// The `# Example` section, or nothing when the operation has no required
/// parameter or one that is not a plain value.
pub fn usage(op: &Operation, krate: &str) -> String {
    let module = &op.rust.module;
    let input = &op.rust.input;
    let required: Vec<&Parameter> = op.request.iter().filter(|p| p.required).collect();
    if required.is_empty()
        || required
            .iter()
            .any(|p| !matches!(p.ty, Type::Scalar(_) | Type::ScalarList(_)))
    {
        return String::new();
    }
    let first = &required[0].wire_name;
    if !op.rust.builder.is_empty() {
        let setters = |skip: usize| {
            required
                .iter()
                .skip(skip)
                .map(|p| format!("\n    .{}({})", p.rust_name, argument(p)))
                .collect::<String>()
        };
        return format!(
            "\n\n# Example\n\nRequired parameters are set by name on the [`builder`]({input}::builder):\n\n```\nuse {krate}::operation::{module}::{input};\n\nlet input = {input}::builder(){}\n    .build();\n```\n\nLeaving out `{first}` does not compile:\n\n```compile_fail\nuse {krate}::operation::{module}::{input};\n\nlet input = {input}::builder(){}\n    .build();\n```",
            setters(0),
            setters(1)
        );
    }
    let all: Vec<String> = required.iter().map(|p| argument(p)).collect();
    let missing: Vec<String> = required.iter().skip(1).map(|p| argument(p)).collect();
    format!(
        "\n\n# Example\n\nRequired parameters are arguments of [`new`]({input}::new):\n\n```\nuse {krate}::operation::{module}::{input};\n\nlet input = {input}::new({});\n```\n\nLeaving out `{first}` does not compile:\n\n```compile_fail\nuse {krate}::operation::{module}::{input};\n\nlet input = {input}::new({});\n```",
        all.join(", "),
        missing.join(", ")
    )
}
