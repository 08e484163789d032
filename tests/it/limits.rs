//! Bounded responses and bounded nesting: a body over `max_response_size`
//! (declared, or streamed without a length and never ending) fails with
//! `Error::ResponseTooLarge` while the call's memory stays near the limit;
//! 100,000 levels of nesting fail to decode, on a 2 MiB stack, without
//! overflowing it; an object of 300,000 keys decodes in linear time.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use alibabacloud_domain::operation::query_task_detail_list::QueryTaskDetailListOutput;
use alibabacloud_domain::{Client, Config, Credentials, Error, RetryConfig};
use alibabacloud_domain_tests::alloc::peak_during;
use alibabacloud_domain_tests::ops::renew;
use alibabacloud_domain_tests::{MockResponse, MockServer};
use alibabacloud_runtime::unstable::decode::{from_json, from_xml};

const MIB: u64 = 1024 * 1024;

/// A raw HTTP server on its own thread that answers one request with
/// `head`, then writes spaces until the client goes away (or `max` bytes,
/// a safety stop). Returns its URL, the count of body bytes written and the
/// thread.
fn endless_server(head: &'static str, max: u64) -> (String, Arc<AtomicU64>, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let written = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&written);
    let thread = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        // Read the request head (the body is empty).
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
        if stream.write_all(head.as_bytes()).is_err() {
            return;
        }
        let chunked = head.contains("chunked");
        let spaces = vec![b' '; 64 * 1024];
        let mut frame = format!("{:x}\r\n", spaces.len()).into_bytes();
        frame.extend_from_slice(&spaces);
        frame.extend_from_slice(b"\r\n");
        let piece: &[u8] = if chunked { &frame } else { &spaces };
        while counter.load(Ordering::Relaxed) < max {
            if stream.write_all(piece).is_err() {
                break;
            }
            counter.fetch_add(spaces.len() as u64, Ordering::Relaxed);
        }
        let _ = stream.shutdown(Shutdown::Both);
    });
    (url, written, thread)
}

fn client(endpoint: &str, limit: u64) -> Client {
    let config = Config::builder()
        .endpoint(endpoint)
        .credentials(Credentials::new("id", "secret"))
        .max_response_size(limit)
        .attempt_timeout(Duration::from_secs(30))
        .retry_config(RetryConfig::standard())
        .build()
        .unwrap();
    Client::new(config).unwrap()
}

fn too_large(err: &Error) -> &alibabacloud_domain::error::ResponseTooLarge {
    match err {
        Error::ResponseTooLarge(e) => e,
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
}

#[test]
fn an_endless_body_without_a_length_stops_at_the_limit_in_bounded_memory() {
    const LIMIT: u64 = MIB;
    // The server stops by itself after 1 GiB, far beyond what a bounded
    // reader takes.
    let (url, written, server) = endless_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        1024 * MIB,
    );
    let (result, peak) = peak_during(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(client(&url, LIMIT).send(&renew()))
    });
    let err = result.unwrap_err();
    let e = too_large(&err);
    assert_eq!(
        (e.status(), e.limit(), e.content_length()),
        (200, LIMIT, None)
    );
    assert!(
        e.received() > LIMIT && e.received() <= LIMIT + 64 * 1024,
        "{e:?}"
    );
    assert!(!err.is_retryable(), "the same answer would come again");
    let message = err.to_string();
    assert!(
        message.contains("max_response_size (1048576 bytes)"),
        "{message}"
    );
    assert!(message.contains("reading stopped after"), "{message}");
    server.join().unwrap();
    // What the call held at its peak: the body up to the limit (a Vec that
    // grew by doubling) plus the runtime and HTTP client, far below what an
    // unbounded reader holds after the server's gigabyte.
    assert!(peak < 8 * LIMIT as usize, "peak {peak} bytes");
    let sent = written.load(Ordering::Relaxed);
    assert!(
        sent < 1024 * MIB,
        "the client stopped reading ({sent} bytes sent)"
    );
}

#[test]
fn a_declared_length_over_the_limit_is_refused_before_reading() {
    let (url, _written, server) = endless_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\nx-acs-request-id: REQ-BIG\r\n\r\n",
        64 * MIB,
    );
    let (result, peak) = peak_during(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(client(&url, 4 * MIB).send(&renew()))
    });
    let err = result.unwrap_err();
    let e = too_large(&err);
    assert_eq!(e.content_length(), Some(1024 * MIB));
    assert_eq!(e.received(), 0);
    assert_eq!(e.limit(), 4 * MIB);
    assert_eq!(err.request_id(), Some("REQ-BIG"));
    assert_eq!(err.http_status(), Some(200));
    assert!(
        err.to_string()
            .contains("it declared 1073741824 bytes and was not read"),
        "{err}"
    );
    assert!(peak < 4 * MIB as usize, "peak {peak} bytes");
    server.join().unwrap();
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
    let server = MockServer::start("limit-secret", |req| {
        let body = r#"{"RequestId":"R","TaskNo":"T"}"#;
        // Pad with whitespace to the length the domain name asks for.
        let size: usize = req.param("DomainName").unwrap().parse().unwrap();
        MockResponse::text(200, "application/json", format!("{body:<size$}"))
    })
    .await;
    let client = |limit| {
        Client::new(
            server
                .config_builder()
                .max_response_size(limit)
                .build()
                .unwrap(),
        )
        .unwrap()
    };
    let op = |size: &'static str| alibabacloud_domain_tests::ops::RenewDomain { domain: size };
    assert_eq!(client(1000).send(&op("1000")).await.unwrap().task_no, "T");
    let err = client(1000).send(&op("1001")).await.unwrap_err();
    let e = too_large(&err);
    assert_eq!((e.content_length(), e.limit()), (Some(1001), 1000));
    assert_eq!(server.request_count(), 2, "not retried");
}

/// Runs `f` on a thread with a 2 MiB stack, as a small worker thread has.
fn on_small_stack<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no stack overflow or panic")
}

const LEVELS: usize = 100_000;

/// A wide object costs linear time: 300,000 distinct keys (about 5 MiB,
/// within the default response limit) next to the fields the output type
/// reads. Checking every key against the ones before it would take about
/// 4.5 × 10¹⁰ comparisons here, and the test would not finish.
#[test]
fn an_object_with_many_keys_decodes_in_linear_time() {
    const KEYS: usize = 300_000;
    let mut body = String::from(r#"{"RequestId":"R","TotalItemNum":3,"#);
    for i in 0..KEYS {
        body.push_str(&format!(r#""Unlisted{i}":{i},"#));
    }
    body.push_str(r#""RequestId":"last"}"#);
    let out = from_json::<QueryTaskDetailListOutput>(body.as_bytes()).expect("decodes");
    assert_eq!(
        out.request_id.as_deref(),
        Some("last"),
        "the last duplicate wins"
    );
    assert_eq!(out.total_item_num, Some(3));
}

#[test]
fn deeply_nested_json_is_a_decode_error_not_a_stack_overflow() {
    let message = on_small_stack(|| {
        let mut outcomes = Vec::new();
        // Nested objects at the top, and nested lists inside a field the
        // output type reads leniently.
        let objects = format!("{}{}", r#"{"Data":"#.repeat(LEVELS), "}".repeat(LEVELS));
        let lists = format!(
            r#"{{"RequestId":"R","Data":{{"TaskDetail":{}{}}}}}"#,
            "[".repeat(LEVELS),
            "]".repeat(LEVELS)
        );
        for body in [objects, lists] {
            match from_json::<QueryTaskDetailListOutput>(body.as_bytes()) {
                Err(e) => outcomes.push(e.to_string()),
                Ok(out) => panic!("decoded {out:?}"),
            }
        }
        outcomes
    });
    for m in message {
        assert!(m.contains("recursion limit"), "{m}");
    }
}

#[test]
fn deeply_nested_xml_is_a_decode_error_not_a_stack_overflow() {
    let message = on_small_stack(|| {
        let body = format!(
            "<QueryTaskDetailListResponse><Data>{}{}</Data></QueryTaskDetailListResponse>",
            "<TaskDetail>".repeat(LEVELS),
            "</TaskDetail>".repeat(LEVELS)
        );
        from_xml::<QueryTaskDetailListOutput>(body.as_bytes())
            .unwrap_err()
            .to_string()
    });
    assert!(message.contains("deep"), "{message}");
}

#[test]
fn a_deeply_nested_response_fails_a_call_cleanly_on_a_small_stack() {
    use alibabacloud_domain::operation::query_task_detail_list::QueryTaskDetailListInput;
    use alibabacloud_domain::test_util::{MockResponse, MockTransport};
    let err = on_small_stack(|| {
        let body = format!("{}{}", "[".repeat(LEVELS), "]".repeat(LEVELS));
        let transport = MockTransport::new().reply::<QueryTaskDetailListInput>(MockResponse::raw(
            200,
            format!(r#"{{"Data":{{"TaskDetail":{body}}}}}"#),
        ));
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(
                transport.client().query_task_detail_list(
                    QueryTaskDetailListInput::builder()
                        .task_no("T")
                        .page_num(1)
                        .page_size(10)
                        .build(),
                ),
            )
            .unwrap_err()
    });
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("recursion limit"), "{err}");
}
