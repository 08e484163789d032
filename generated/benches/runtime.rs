//! Per-call cost of the runtime without a network: building the parameters
//! and signing them (V1 and V3 side by side), and decoding typical JSON and
//! XML success responses.
//!
//! Run with
//! `cargo bench -p alibabacloud-domain --bench runtime -- --warm-up-time 1 --measurement-time 3`.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;

use alibabacloud_domain::{Credentials, ResponseFormat, SignatureVersion};
use alibabacloud_runtime::unstable::decode::{from_json, from_xml, DecodeError};
use alibabacloud_runtime::unstable::lenient::{Fields, FromTree, Path, Tree};
use alibabacloud_runtime::unstable::request::{
    self, build_params, signing_pairs, AttemptStamp, RequestParts,
};
use alibabacloud_runtime::unstable::signer::{sign, signed_query_string};
use alibabacloud_runtime::unstable::signer_v3::{self, EMPTY_PAYLOAD_SHA256};
use alibabacloud_runtime::unstable::{Operation, Params};
use criterion::{criterion_group, criterion_main, Criterion};

/// A `QueryTaskDetailList`-shaped operation, written by hand so the bench
/// does not depend on which operations are generated.
struct QueryTaskDetailList {
    task_no: String,
    page_num: i32,
    page_size: i32,
    task_status: Option<i32>,
    domain_name: Option<String>,
    lang: String,
}

impl Operation for QueryTaskDetailList {
    const ACTION: &'static str = "QueryTaskDetailList";
    type Output = TaskDetailPage;

    fn write_params(&self, params: &mut Params) {
        params.put("TaskNo", &self.task_no);
        params.put("PageNum", &self.page_num);
        params.put("PageSize", &self.page_size);
        params.put_opt("TaskStatus", self.task_status.as_ref());
        params.put_opt("DomainName", self.domain_name.as_ref());
        params.put("Lang", &self.lang);
    }
}

#[derive(Debug)]
#[allow(dead_code)]
struct TaskDetailPage {
    request_id: Option<String>,
    total_item_num: Option<i32>,
    current_page_num: Option<i32>,
    next_page: Option<bool>,
    data: Vec<TaskDetail>,
}

impl FromTree for TaskDetailPage {
    fn from_tree(value: Tree<'_>, at: &Path<'_>) -> Result<Self, DecodeError> {
        let mut f = Fields::new(value, at)?;
        Ok(Self {
            request_id: f.scalar("RequestId")?,
            total_item_num: f.scalar("TotalItemNum")?,
            current_page_num: f.scalar("CurrentPageNum")?,
            next_page: f.scalar("NextPage")?,
            data: f.list("Data", Some("TaskDetail"))?,
        })
    }
}

#[derive(Debug)]
#[allow(dead_code)]
struct TaskDetail {
    task_no: Option<String>,
    task_detail_no: Option<String>,
    domain_name: Option<String>,
    task_type: Option<String>,
    task_status_code: Option<i32>,
    try_count: Option<i32>,
    create_time: Option<String>,
}

impl FromTree for TaskDetail {
    fn from_tree(value: Tree<'_>, at: &Path<'_>) -> Result<Self, DecodeError> {
        let mut f = Fields::new(value, at)?;
        Ok(Self {
            task_no: f.scalar("TaskNo")?,
            task_detail_no: f.scalar("TaskDetailNo")?,
            domain_name: f.scalar("DomainName")?,
            task_type: f.scalar("TaskType")?,
            task_status_code: f.scalar("TaskStatusCode")?,
            try_count: f.scalar("TryCount")?,
            create_time: f.scalar("CreateTime")?,
        })
    }
}

/// The same page for serde-derive, the baseline decoding is measured
/// against: the wire's shape (`Data` wraps `TaskDetail`), strict types, no
/// leniency (exact key case, numbers as numbers, no JSON inside strings).
mod serde_derive {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct TaskDetailPage {
        pub request_id: Option<String>,
        pub total_item_num: Option<i32>,
        pub current_page_num: Option<i32>,
        pub next_page: Option<bool>,
        #[serde(default)]
        pub data: Data,
    }

    #[derive(Debug, Default, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Data {
        #[serde(default)]
        pub task_detail: Vec<TaskDetail>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    #[allow(dead_code)]
    pub struct TaskDetail {
        pub task_no: Option<String>,
        pub task_detail_no: Option<String>,
        pub domain_name: Option<String>,
        pub task_type: Option<String>,
        pub task_status_code: Option<i32>,
        pub try_count: Option<i32>,
        pub create_time: Option<String>,
    }
}

fn input() -> QueryTaskDetailList {
    QueryTaskDetailList {
        task_no: "e893148f-6343-4ae1-9eba-6e2a4116e142".into(),
        page_num: 1,
        page_size: 10,
        task_status: Some(2),
        domain_name: Some("例子.com".into()),
        lang: "en".into(),
    }
}

fn sample_json(items: usize) -> String {
    let details: Vec<String> = (0..items)
        .map(|i| {
            format!(
                r#"{{"TaskNo":"e893148f-6343-4ae1-9eba-6e2a4116e142","TaskDetailNo":"detail-{i}","DomainName":"example{i}.com","TaskType":"ORDER_RENEW","TaskStatusCode":2,"TryCount":1,"CreateTime":"2018-01-25 20:46:57"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"RequestId":"E2598CAF-DBFE-494E-95EF-B42A33C178AA","TotalItemNum":{items},"CurrentPageNum":1,"NextPage":false,"Data":{{"TaskDetail":[{}]}}}}"#,
        details.join(",")
    )
}

fn sample_xml(items: usize) -> String {
    let details: String = (0..items)
        .map(|i| {
            format!(
                "<TaskDetail><TaskNo>e893148f-6343-4ae1-9eba-6e2a4116e142</TaskNo><TaskDetailNo>detail-{i}</TaskDetailNo><DomainName>example{i}.com</DomainName><TaskType>ORDER_RENEW</TaskType><TaskStatusCode>2</TaskStatusCode><TryCount>1</TryCount><CreateTime>2018-01-25 20:46:57</CreateTime></TaskDetail>"
            )
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><QueryTaskDetailListResponse><RequestId>E2598CAF-DBFE-494E-95EF-B42A33C178AA</RequestId><TotalItemNum>{items}</TotalItemNum><CurrentPageNum>1</CurrentPageNum><NextPage>false</NextPage><Data>{details}</Data></QueryTaskDetailListResponse>"#
    )
}

fn signing(c: &mut Criterion) {
    let op = input();
    let credentials = Credentials::new(
        "LTAI5tExampleAccessKeyId",
        "ExampleAccessKeySecret0123456789",
    )
    .with_security_token("CAIS8wF1q6Ft5B2yfSjIr5bSAt3mrbZ");
    let fixed = AttemptStamp {
        nonce: "6b5c1f0d2c6a4e2f9b0d7c1e3a5f7b9d".into(),
        timestamp: "2024-01-02T03:04:05Z".into(),
    };
    let mut group = c.benchmark_group("request");
    group.bench_function("params+sign (fixed nonce/time)", |b| {
        b.iter(|| {
            let mut operation = Params::new();
            black_box(&op).write_params(&mut operation);
            let pairs = signing_pairs(
                QueryTaskDetailList::ACTION,
                alibabacloud_domain::product::API_VERSION,
                &operation,
                &credentials,
                ResponseFormat::Json,
                &fixed,
            );
            black_box(signed_query_string(
                "POST",
                pairs,
                credentials.access_key_secret(),
            ))
        })
    });
    group.bench_function("params+sign (fresh nonce/time, as Client::send)", |b| {
        b.iter(|| {
            let mut operation = Params::new();
            black_box(&op).write_params(&mut operation);
            let stamp = AttemptStamp::now();
            let pairs = signing_pairs(
                QueryTaskDetailList::ACTION,
                alibabacloud_domain::product::API_VERSION,
                &operation,
                &credentials,
                ResponseFormat::Json,
                &stamp,
            );
            black_box(signed_query_string(
                "POST",
                pairs,
                credentials.access_key_secret(),
            ))
        })
    });
    let mut operation = Params::new();
    op.write_params(&mut operation);
    let params = build_params(
        QueryTaskDetailList::ACTION,
        alibabacloud_domain::product::API_VERSION,
        &operation,
        &credentials,
        ResponseFormat::Json,
        &fixed,
    );
    let sts = alibabacloud_runtime::unstable::signer::string_to_sign("POST", params.iter());
    group.bench_function("string to sign only", |b| {
        b.iter(|| {
            black_box(alibabacloud_runtime::unstable::signer::string_to_sign(
                "POST",
                black_box(&params).iter(),
            ))
        })
    });
    group.bench_function("hmac-sha1+base64 only", |b| {
        use hmac::Mac;
        b.iter(|| {
            let mut mac =
                hmac::Hmac::<sha1::Sha1>::new_from_slice(b"ExampleAccessKeySecret0123456789&")
                    .unwrap();
            mac.update(black_box(sts.as_bytes()));
            black_box(mac.finalize().into_bytes())
        })
    });
    group.bench_function("signature only", |b| {
        b.iter(|| {
            black_box(sign(
                "POST",
                black_box(&params).iter(),
                "ExampleAccessKeySecret0123456789",
            ))
        })
    });
    group.finish();
}

/// Signature V1 against V3 on the same call: the whole of what `Client`
/// does per attempt before sending (operation parameters, common
/// parameters or headers, signature), and the signature alone.
fn signing_versions(c: &mut Criterion) {
    let op = input();
    let credentials = Credentials::new(
        "LTAI5tExampleAccessKeyId",
        "ExampleAccessKeySecret0123456789",
    )
    .with_security_token("CAIS8wF1q6Ft5B2yfSjIr5bSAt3mrbZ");
    let fixed = AttemptStamp {
        nonce: "6b5c1f0d2c6a4e2f9b0d7c1e3a5f7b9d".into(),
        timestamp: "2024-01-02T03:04:05Z".into(),
    };
    let mut group = c.benchmark_group("sign");
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        group.bench_function(
            format!("{version:?}: params+sign, STS (fixed nonce/time)"),
            |b| {
                b.iter(|| {
                    let mut operation = Params::new();
                    black_box(&op).write_params(&mut operation);
                    let parts = RequestParts::new(
                        QueryTaskDetailList::ACTION,
                        alibabacloud_domain::product::API_VERSION,
                        &operation,
                        "domain.aliyuncs.com",
                    );
                    black_box(request::sign(version, &parts, &credentials, fixed.clone()))
                })
            },
        );
        group.bench_function(
            format!("{version:?}: params+sign, STS (fresh nonce/time, as Client::send)"),
            |b| {
                b.iter(|| {
                    let mut operation = Params::new();
                    black_box(&op).write_params(&mut operation);
                    let parts = RequestParts::new(
                        QueryTaskDetailList::ACTION,
                        alibabacloud_domain::product::API_VERSION,
                        &operation,
                        "domain.aliyuncs.com",
                    );
                    let stamp = AttemptStamp::now();
                    black_box(request::sign(version, &parts, &credentials, stamp))
                })
            },
        );
    }

    // The signature alone, over the parameters / headers a call signs.
    let mut operation = Params::new();
    op.write_params(&mut operation);
    let v1_params = build_params(
        QueryTaskDetailList::ACTION,
        alibabacloud_domain::product::API_VERSION,
        &operation,
        &credentials,
        ResponseFormat::Json,
        &fixed,
    );
    group.bench_function("V1: signature only", |b| {
        b.iter(|| {
            black_box(sign(
                "POST",
                black_box(&v1_params).iter(),
                "ExampleAccessKeySecret0123456789",
            ))
        })
    });
    let mut v3_params = operation.clone();
    v3_params.push("Format", "JSON");
    let headers = [
        ("accept", "application/json"),
        ("host", "domain.aliyuncs.com"),
        ("x-acs-action", QueryTaskDetailList::ACTION),
        ("x-acs-version", "2018-01-29"),
        ("x-acs-date", "2024-01-02T03:04:05Z"),
        ("x-acs-signature-nonce", "6b5c1f0d2c6a4e2f9b0d7c1e3a5f7b9d"),
        ("x-acs-content-sha256", EMPTY_PAYLOAD_SHA256),
        ("x-acs-accesskey-id", "LTAI5tExampleAccessKeyId"),
        ("x-acs-security-token", "CAIS8wF1q6Ft5B2yfSjIr5bSAt3mrbZ"),
    ];
    group.bench_function("V3: signature only", |b| {
        b.iter(|| {
            black_box(signer_v3::sign(
                "POST",
                black_box(&v3_params).iter(),
                black_box(&headers),
                EMPTY_PAYLOAD_SHA256,
                "LTAI5tExampleAccessKeyId",
                "ExampleAccessKeySecret0123456789",
            ))
        })
    });
    let canonical =
        signer_v3::canonical_request("POST", v3_params.iter(), &headers, EMPTY_PAYLOAD_SHA256);
    group.bench_function(
        format!(
            "V3: sha-256 of the canonical request ({} B) + hmac-sha256, only",
            canonical.text.len()
        ),
        |b| {
            b.iter(|| {
                let to_sign = signer_v3::string_to_sign(black_box(&canonical.text));
                black_box(signer_v3::signature(
                    "ExampleAccessKeySecret0123456789",
                    &to_sign,
                ))
            })
        },
    );
    group.finish();
}

fn decoding(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    for items in [1usize, 10] {
        let json = sample_json(items);
        let xml = sample_xml(items);
        // Fail loudly (once, before measuring) if the samples do not decode.
        let decoded: TaskDetailPage = from_json(json.as_bytes()).expect("JSON sample decodes");
        assert_eq!(decoded.data.len(), items);
        let decoded: TaskDetailPage = from_xml(xml.as_bytes()).expect("XML sample decodes");
        assert_eq!(decoded.data.len(), items);
        let strict: serde_derive::TaskDetailPage =
            serde_json::from_slice(json.as_bytes()).expect("serde-derive decodes the sample");
        assert_eq!(strict.data.task_detail.len(), items);
        group.bench_function(
            format!("json, {items} task details ({} B)", json.len()),
            |b| b.iter(|| black_box(from_json::<TaskDetailPage>(black_box(json.as_bytes())))),
        );
        group.bench_function(
            format!("json, {items} task details, serde-derive baseline"),
            |b| {
                b.iter(|| {
                    black_box(serde_json::from_slice::<serde_derive::TaskDetailPage>(
                        black_box(json.as_bytes()),
                    ))
                })
            },
        );
        group.bench_function(
            format!("xml, {items} task details ({} B)", xml.len()),
            |b| b.iter(|| black_box(from_xml::<TaskDetailPage>(black_box(xml.as_bytes())))),
        );
    }
    group.finish();
}

criterion_group!(benches, signing, signing_versions, decoding);
criterion_main!(benches);
