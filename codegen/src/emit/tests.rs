//! Tests of the emitter's text post-processing.

use super::{link_operations, one_value_per_line, space_items};

#[test]
fn links_to_generated_operations_point_at_client_methods() {
    let code = "/// Use [QueryTaskDetailList](https://help.aliyun.com/document_detail/67710.html) or [Other](https://e.com).\nlet s = \"[QueryTaskDetailList](x)\";\n";
    assert_eq!(
        link_operations(code, &[("QueryTaskDetailList", "query_task_detail_list")]),
        "/// Use [`QueryTaskDetailList`](crate::Client::query_task_detail_list) or [Other](https://e.com).\nlet s = \"[QueryTaskDetailList](x)\";\n"
    );
}

#[test]
fn items_fields_and_variants_are_spaced() {
    let code = "struct A {\n    /// x\n    x: i32,\n    /// y\n    y: i32,\n}\nimpl A {\n    fn a() {\n        match 1 {\n            1 => {}\n            _ => {}\n        }\n    }\n    /// b\n    fn b() {}\n}\n";
    assert_eq!(
        space_items(code),
        "struct A {\n    /// x\n    x: i32,\n\n    /// y\n    y: i32,\n}\n\nimpl A {\n    fn a() {\n        match 1 {\n            1 => {}\n            _ => {}\n        }\n    }\n\n    /// b\n    fn b() {}\n}\n"
    );
}

#[test]
fn enum_conversions_list_one_value_per_line() {
    let code = "crate::runtime::wire_enum!(\n    Status { A = \"a\", B = \"b-c\",\n    C = \"1\", }\n);\nstruct X;\ncrate::runtime::wire_enum!(L { Zh = \"zh\", En = \"en\", });\n";
    assert_eq!(
        one_value_per_line(code),
        "crate::runtime::wire_enum!(Status {\n    A = \"a\",\n    B = \"b-c\",\n    C = \"1\",\n});\nstruct X;\ncrate::runtime::wire_enum!(L {\n    Zh = \"zh\",\n    En = \"en\",\n});\n"
    );
}
