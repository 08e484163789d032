//! The cost of a whole call against a local server, beside a bare reqwest
//! request for the same response.
//!
//! A minimal HTTP/1.1 server (keep-alive, one fixed `QueryTaskDetailList`
//! page of 1 or 10 details) runs on its own thread and runtime;
//! the client side runs on a current-thread runtime in the bench thread.
//!
//! - `bare reqwest`: `POST` with a query string of the same length, read the
//!   body (what any HTTP call costs);
//! - `bare reqwest + decode`: the same, decoded into the generated output
//!   type with the crate's own `unstable::decode::from_json`;
//! - `Client::send`: the generated `QueryTaskDetailListInput` through the
//!   runtime: parameters, signature V3 (the default), headers, send, bounded read,
//!   lenient decode, tracing span.
//!
//! Run with `cargo bench -p alibabacloud-domain --bench call`. Set
//! `CALL_BENCH_ITERATIONS=N` to skip criterion and run N calls of one kind
//! (`CALL_BENCH_KIND=client|bare|bare-decoded`, `CALL_BENCH_ITEMS=1|10`),
//! for `perf stat` or `valgrind --tool=callgrind`; or, with
//! `CALL_BENCH_KIND=compare`, the three kinds in alternating rounds of N calls
//! (`CALL_BENCH_ROUNDS`, 15 by default), with the median CPU time per call of
//! each; `CALL_BENCH_KIND=sizes` prints the sizes of the futures instead.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::net::SocketAddr;

use alibabacloud_domain::operation::query_task_detail_list::{
    QueryTaskDetailListInput, QueryTaskDetailListOutput,
};
use alibabacloud_domain::{Client, Config, Credentials, RetryConfig, SignatureVersion};
use criterion::{criterion_group, Criterion};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn page_json(items: usize) -> String {
    let details: Vec<String> = (0..items)
        .map(|i| {
            format!(
                r#"{{"TaskNo":"e893148f-6343-4ae1-9eba-6e2a4116e142","TaskDetailNo":"detail-{i}","DomainName":"example{i}.com","TaskType":"ORDER_RENEW","TaskStatus":"EXECUTE_SUCCESS","TaskStatusCode":2,"TryCount":1,"CreateTime":"2018-01-25 20:46:57","UpdateTime":"2018-01-25 20:47:01"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"RequestId":"E2598CAF-DBFE-494E-95EF-B42A33C178AA","CurrentPageNum":1,"PageSize":10,"TotalItemNum":{items},"TotalPageNum":1,"PrePage":false,"NextPage":false,"Data":{{"TaskDetail":[{}]}}}}"#,
        details.join(",")
    )
}

/// Starts the server on its own thread; returns its address.
fn start_server(body: String) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("nonblocking");
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json;charset=utf-8\r\nx-acs-request-id: E2598CAF-DBFE-494E-95EF-B42A33C178AA\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let response = response.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::with_capacity(8192);
                    let mut chunk = [0u8; 8192];
                    loop {
                        // One request: a head (and an empty body) per answer.
                        let end = loop {
                            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                                break end + 4;
                            }
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                            }
                        };
                        buf.drain(..end);
                        if stream.write_all(&response).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
    });
    addr
}

struct Setup {
    rt: tokio::runtime::Runtime,
    client: Client,
    http: reqwest::Client,
    bare_url: String,
}

fn setup(items: usize) -> Setup {
    let addr = start_server(page_json(items));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let config = Config::builder()
        .endpoint(format!("http://{addr}"))
        .credentials(Credentials::new(
            "LTAI5tExampleAccessKeyId",
            "ExampleAccessKeySecret0123456789",
        ))
        .retry_config(RetryConfig::disabled())
        // `CALL_BENCH_SIGNATURE=V1` measures the other signature.
        .signature_version(match std::env::var("CALL_BENCH_SIGNATURE").as_deref() {
            Ok("V1") => SignatureVersion::V1,
            _ => SignatureVersion::V3,
        })
        .build()
        .expect("config");
    let client = Client::new(config).expect("client");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .expect("reqwest client");
    // The query of a signed QueryTaskDetailList call is about this long.
    let bare_url = format!(
        "http://{addr}/?AccessKeyId=LTAI5tExampleAccessKeyId&Action=QueryTaskDetailList&Format=JSON&PageNum=1&PageSize=10&SignatureMethod=HMAC-SHA1&SignatureNonce=6b5c1f0d2c6a4e2f9b0d7c1e3a5f7b9d&SignatureVersion=1.0&TaskNo=e893148f-6343-4ae1-9eba-6e2a4116e142&Timestamp=2024-01-02T03%3A04%3A05Z&Version=2018-01-29&Signature=k%2BIRIAQewMQ7V8RM5SoH7J5VRlM%3D"
    );
    Setup {
        rt,
        client,
        http,
        bare_url,
    }
}

fn input() -> QueryTaskDetailListInput {
    QueryTaskDetailListInput::builder()
        .task_no("e893148f-6343-4ae1-9eba-6e2a4116e142")
        .page_num(1)
        .page_size(10)
        .build()
}

async fn call(client: &Client, input: &QueryTaskDetailListInput) -> QueryTaskDetailListOutput {
    client.send(input).await.expect("the call succeeds")
}

async fn bare(http: &reqwest::Client, url: &str) -> usize {
    let response = http
        .post(url)
        .header("x-acs-action", "QueryTaskDetailList")
        .header("x-acs-version", "2018-01-29")
        .send()
        .await
        .expect("sent");
    response.bytes().await.expect("body").len()
}

async fn bare_decoded(http: &reqwest::Client, url: &str) -> QueryTaskDetailListOutput {
    let response = http
        .post(url)
        .header("x-acs-action", "QueryTaskDetailList")
        .header("x-acs-version", "2018-01-29")
        .send()
        .await
        .expect("sent");
    let body = response.bytes().await.expect("body");
    alibabacloud_runtime::unstable::decode::from_json(&body).expect("decodes")
}

fn whole_call(c: &mut Criterion) {
    for items in [1, 10] {
        let s = setup(items);
        let input = input();
        // Fail loudly before measuring if either path is broken.
        let out = s.rt.block_on(call(&s.client, &input));
        assert_eq!(out.data.len(), items);
        let size = s.rt.block_on(bare(&s.http, &s.bare_url));
        assert_eq!(
            s.rt.block_on(bare_decoded(&s.http, &s.bare_url)).data.len(),
            items
        );

        let mut group = c.benchmark_group(format!("call ({items} task details, {size} B JSON)"));
        group.bench_function("bare reqwest", |b| {
            b.iter(|| black_box(s.rt.block_on(bare(&s.http, &s.bare_url))))
        });
        group.bench_function("bare reqwest + decode", |b| {
            b.iter(|| black_box(s.rt.block_on(bare_decoded(&s.http, &s.bare_url))))
        });
        group.bench_function("Client::send", |b| {
            b.iter(|| black_box(s.rt.block_on(call(&s.client, black_box(&input)))))
        });
        group.finish();
    }
}

criterion_group!(benches, whole_call);

/// CPU time used so far by every thread of this process (client and
/// server), in nanoseconds, from `/proc/self/task/*/schedstat` (Linux).
fn process_cpu_ns() -> u64 {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task").expect("/proc/self/task (Linux only)") {
        let path = task.expect("a task").path().join("schedstat");
        // A thread may end between the listing and the read.
        if let Ok(text) = std::fs::read_to_string(path) {
            let on_cpu = text.split_whitespace().next().unwrap_or("0");
            total += on_cpu
                .parse::<u64>()
                .expect("schedstat starts with nanoseconds");
        }
    }
    total
}

/// CPU time used so far by the calling thread alone (the client's side:
/// the runtime is current-thread, so hyper's connection task runs here too),
/// in nanoseconds, from `/proc/thread-self/schedstat` (Linux).
fn thread_cpu_ns() -> u64 {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat")
        .expect("/proc/thread-self/schedstat (Linux only)");
    let on_cpu = text.split_whitespace().next().unwrap_or("0");
    on_cpu.parse().expect("schedstat starts with nanoseconds")
}

/// `CALL_BENCH_KIND=compare`: the three kinds in alternating rounds of
/// `CALL_BENCH_ITERATIONS` calls each (the order rotates every round), so
/// that a busy minute on a shared machine weighs on all three alike. Prints
/// each round, then for two measures of CPU time per call (the whole
/// process, client and server threads, as `perf stat -e task-clock` counts
/// it; and the client's thread alone, what a call costs the program making
/// it) the medians and the median of the rounds' ratios.
fn compare(s: &Setup, input: &QueryTaskDetailListInput, calls: usize, rounds: usize) {
    const KINDS: [&str; 3] = ["bare", "bare + decode", "Client::send"];
    const MEASURES: [&str; 2] = ["process (client and server)", "client thread"];
    // [measure][kind] -> µs per call, one entry per round.
    let mut per_call: [[Vec<f64>; 3]; 2] = Default::default();
    for round in 0..=rounds {
        for offset in 0..KINDS.len() {
            let kind = (round + offset) % KINDS.len();
            let before = [process_cpu_ns(), thread_cpu_ns()];
            s.rt.block_on(async {
                for _ in 0..calls {
                    match kind {
                        0 => drop(black_box(bare(&s.http, &s.bare_url).await)),
                        1 => drop(black_box(bare_decoded(&s.http, &s.bare_url).await)),
                        _ => drop(black_box(call(&s.client, input).await)),
                    }
                }
            });
            let after = [process_cpu_ns(), thread_cpu_ns()];
            // Round 0 warms the connections and caches up; it is not kept.
            if round > 0 {
                for m in 0..MEASURES.len() {
                    let micros = (after[m] - before[m]) as f64 / calls as f64 / 1000.0;
                    per_call[m][kind].push(micros);
                }
            }
        }
        if round > 0 {
            let [p, t] = &per_call;
            println!(
                "round {round:>2} (process / client thread, µs): bare {:.2} / {:.2}   bare + decode {:.2} / {:.2}   Client::send {:.2} / {:.2}",
                p[0][round - 1], t[0][round - 1], p[1][round - 1], t[1][round - 1], p[2][round - 1], t[2][round - 1],
            );
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    for (m, measure) in MEASURES.iter().enumerate() {
        let kinds = &per_call[m];
        let medians: Vec<f64> = kinds.iter().map(|v| median(v.clone())).collect();
        println!(
            "{measure}, median CPU per call over {rounds} rounds of {calls}: bare {:.2} µs, bare + decode {:.2} µs, Client::send {:.2} µs",
            medians[0], medians[1], medians[2]
        );
        // The ratios of each round, whose three kinds ran within a second of
        // one another: a machine that slows down between rounds moves them
        // less than it moves the medians.
        for (label, to) in [("bare + decode", 1), ("bare", 0)] {
            let ratios: Vec<f64> = kinds[2]
                .iter()
                .zip(&kinds[to])
                .map(|(a, b)| a / b)
                .collect();
            let low = ratios.iter().copied().fold(f64::INFINITY, f64::min);
            let high = ratios.iter().copied().fold(0.0, f64::max);
            println!(
                "  Client::send / {label}: median of the rounds' ratios {:.3} (lowest {low:.3}, highest {high:.3})",
                median(ratios)
            );
        }
    }
}

fn main() {
    // A fixed number of calls of one kind, for a profiler.
    if let Ok(n) = std::env::var("CALL_BENCH_ITERATIONS") {
        let n: usize = n.parse().expect("CALL_BENCH_ITERATIONS is a number");
        let items = std::env::var("CALL_BENCH_ITEMS").map_or(10, |v| v.parse().expect("a number"));
        let s = setup(items);
        let input = input();
        let kind = std::env::var("CALL_BENCH_KIND").unwrap_or_else(|_| "client".to_owned());
        if kind == "sizes" {
            // The futures a call and a bare request hold while they run.
            let call = s.client.send(&input);
            let bare = bare_decoded(&s.http, &s.bare_url);
            println!(
                "Client::send future: {} bytes; bare request + decode future: {} bytes",
                std::mem::size_of_val(&call),
                std::mem::size_of_val(&bare)
            );
            return;
        }
        if kind == "compare" {
            let rounds =
                std::env::var("CALL_BENCH_ROUNDS").map_or(15, |v| v.parse().expect("a number"));
            compare(&s, &input, n, rounds);
            return;
        }
        s.rt.block_on(async {
            for _ in 0..n {
                match kind.as_str() {
                    "bare" => {
                        black_box(bare(&s.http, &s.bare_url).await);
                    }
                    "bare-decoded" => {
                        black_box(bare_decoded(&s.http, &s.bare_url).await);
                    }
                    _ => {
                        black_box(call(&s.client, &input).await);
                    }
                }
            }
        });
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
