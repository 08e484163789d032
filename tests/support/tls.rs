//! TLS for end-to-end tests: a private certificate authority made with
//! `rcgen`, and a TLS front that terminates TLS on `127.0.0.1` and passes
//! the plain bytes to another local server (such as a
//! [`MockServer`](crate::MockServer), which then checks signatures as usual).

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::rustls;
use tokio_rustls::TlsAcceptor;

/// A test certificate authority and a server certificate it issued for
/// `127.0.0.1` and `localhost` (and any other names asked for).
pub struct TestPki {
    /// The CA certificate, PEM.
    pub ca_pem: String,
    server_der: Vec<u8>,
    server_key_der: Vec<u8>,
}

impl fmt::Debug for TestPki {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestPki").finish_non_exhaustive()
    }
}

impl TestPki {
    /// A fresh CA and server certificate.
    ///
    /// # Panics
    ///
    /// If rcgen cannot make them (test setup failure).
    pub fn new() -> Self {
        Self::with_names(&[])
    }

    /// A fresh CA and a server certificate for `127.0.0.1`, `localhost`
    /// and `names`.
    ///
    /// # Panics
    ///
    /// If rcgen cannot make them (test setup failure).
    pub fn with_names(names: &[&str]) -> Self {
        let ca_key = KeyPair::generate().expect("CA key");
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "alibabacloud-domain test CA");
        ca.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_cert = ca.self_signed(&ca_key).expect("CA certificate");
        let server_key = KeyPair::generate().expect("server key");
        let mut subject_names = vec!["127.0.0.1".to_owned(), "localhost".to_owned()];
        subject_names.extend(names.iter().map(|n| (*n).to_owned()));
        let mut server = CertificateParams::new(subject_names).expect("server params");
        server
            .distinguished_name
            .push(DnType::CommonName, "127.0.0.1");
        let server_cert = server
            .signed_by(&server_key, &ca_cert, &ca_key)
            .expect("server certificate");
        Self {
            ca_pem: ca_cert.pem(),
            server_der: server_cert.der().to_vec(),
            server_key_der: server_key.serialize_der(),
        }
    }
}

impl Default for TestPki {
    fn default() -> Self {
        Self::new()
    }
}

/// A TLS server on `127.0.0.1` that forwards each decrypted connection to
/// `upstream`; stops when dropped.
pub struct TlsFront {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl fmt::Debug for TlsFront {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsFront")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl TlsFront {
    /// Starts the front with `pki`'s server certificate, forwarding to the
    /// plain-HTTP server at `upstream` (`http://127.0.0.1:port`).
    ///
    /// # Panics
    ///
    /// On a setup failure (bad upstream URL, no local port).
    pub async fn start(pki: &TestPki, upstream: &str) -> Self {
        let upstream: SocketAddr = upstream
            .trim_start_matches("http://")
            .parse()
            .expect("upstream is http://127.0.0.1:port");
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![pki.server_der.clone().into()],
                rustls::pki_types::PrivateKeyDer::Pkcs8(pki.server_key_der.clone().into()),
            )
            .expect("server TLS config");
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        if let Ok((stream, _)) = accepted {
                            connections.spawn(forward(acceptor.clone(), stream, upstream));
                        }
                    }
                    Some(_) = connections.join_next(), if !connections.is_empty() => {}
                }
            }
        });
        Self { addr, task }
    }

    /// The HTTPS endpoint, e.g. `https://127.0.0.1:40125`.
    pub fn endpoint(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(acceptor: TlsAcceptor, stream: TcpStream, upstream: SocketAddr) {
    // A client that rejects the certificate ends the handshake: nothing to do.
    let Ok(mut tls) = acceptor.accept(stream).await else {
        return;
    };
    let Ok(mut plain) = TcpStream::connect(upstream).await else {
        return;
    };
    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
}
