//! Tests of the emitter's text post-processing.

use super::link_operations;

#[test]
fn links_to_generated_operations_point_at_client_methods() {
    let code = "/// Use [QueryTaskDetailList](https://help.aliyun.com/document_detail/67710.html) or [Other](https://e.com).\nlet s = \"[QueryTaskDetailList](x)\";\n";
    assert_eq!(
        link_operations(code, &["QueryTaskDetailList"]),
        "/// Use [`QueryTaskDetailList`](crate::Client::query_task_detail_list) or [Other](https://e.com).\nlet s = \"[QueryTaskDetailList](x)\";\n"
    );
}
