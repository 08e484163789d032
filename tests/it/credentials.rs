//! Credential providers that read local sources: environment variables,
//! the aliyun CLI profile file, the shared credentials file, and the default
//! chain's order and errors; and that no secret or token ever shows up in
//! their `Debug`/`Display` text or in their errors.
//! (`credential_sources.rs` covers the sources behind HTTP: metadata
//! service, STS, credentials URI, and refreshing.)
//!
//! Nothing here touches the real process environment, `$HOME` or the
//! network: providers get an injected [`Env`] and a [`ProviderConfig`] whose
//! metadata service and STS are a closed port on 127.0.0.1, and files live in
//! unique temporary directories.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alibabacloud_domain::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFileProvider,
    CredentialsSource, DefaultCredentialsChain, Env, EnvironmentProvider, ManualClock,
    ProfileProvider, ProvideCredentials, ProviderConfig,
};

/// A port nothing listens on: connecting is refused at once.
pub(crate) const CLOSED: &str = "http://127.0.0.1:1";

/// A fixed test time: 2030-03-17T17:46:40Z.
pub(crate) fn test_clock() -> ManualClock {
    ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_900_000_000))
}

/// The access key id `provider` hands out now; panics on an error.
pub(crate) async fn key_id(provider: &impl ProvideCredentials) -> String {
    provider
        .provide_credentials()
        .await
        .expect("credentials")
        .access_key_id()
        .to_owned()
}

/// Surroundings that cannot leave the machine: `env`, a manual clock, and
/// a closed local port as metadata service and STS.
pub(crate) fn offline_env(env: Env) -> ProviderConfig {
    ProviderConfig::new()
        .with_env(env)
        .with_clock(test_clock())
        .with_ecs_metadata_endpoint(CLOSED)
        .with_sts_endpoint(CLOSED)
}

fn profile_with(env: Env) -> ProfileProvider {
    ProfileProvider::with_provider_config(offline_env(env))
}

fn chain_with(env: Env) -> DefaultCredentialsChain {
    DefaultCredentialsChain::with_provider_config(offline_env(env))
}

/// The time as a Unix timestamp, for expiry comparisons.
#[allow(dead_code)]
pub(crate) fn unix(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).unwrap().as_secs()
}

const ID: &str = "LTAI-credentials-test-id";
const SECRET: &str = "SECRET-do-not-print";
const TOKEN: &str = "TOKEN-do-not-print";
const FILE_ID: &str = "LTAI-from-file";
const FILE_SECRET: &str = "FILE-SECRET-do-not-print";
const FILE_TOKEN: &str = "FILE-TOKEN-do-not-print";

const INI_SECRET: &str = "INI-SECRET-do-not-print";

/// Every value that must never be printed.
const FORBIDDEN: [&str; 5] = [SECRET, TOKEN, FILE_SECRET, FILE_TOKEN, INI_SECRET];

fn assert_no_secret(text: &str) {
    for secret in FORBIDDEN {
        assert!(!text.contains(secret), "{secret:?} leaked into:\n{text}");
    }
}

/// Checks an error's Display and Debug (plain and alternate) for secrets and
/// returns its Display.
fn checked(err: &CredentialsError) -> String {
    for text in [
        err.to_string(),
        format!("{err:?}"),
        format!("{err:#?}"),
        err.kind().to_string(),
        err.credentials_source().to_string(),
    ] {
        assert_no_secret(&text);
    }
    err.to_string()
}

fn checked_provider(provider: &dyn ProvideCredentials) {
    assert_no_secret(&format!("{provider:?}"));
    assert_no_secret(&format!("{provider:#?}"));
}

fn env(pairs: &[(&str, &str)]) -> Env {
    Env::from_pairs(pairs.iter().map(|&(k, v)| (k, v)))
}

/// An environment that tests can change while a provider holds it.
#[derive(Clone, Default)]
struct MutableEnv(Arc<Mutex<HashMap<String, String>>>);

impl MutableEnv {
    fn set(&self, name: &str, value: impl Into<String>) {
        self.0.lock().unwrap().insert(name.into(), value.into());
    }

    fn remove(&self, name: &str) {
        self.0.lock().unwrap().remove(name);
    }

    fn env(&self) -> Env {
        let map = self.0.clone();
        Env::from_fn(move |name| map.lock().unwrap().get(name).cloned())
    }
}

/// A unique temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "alibabacloud-domain-credentials-{}-{}-{label}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` as `<dir>/.aliyun/config.json`, the file the CLI
    /// would use with `HOME=<dir>`, and returns its path.
    fn write_config(&self, contents: &str) -> PathBuf {
        let path = self.0.join(".aliyun").join("config.json");
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }

    fn home_env(&self, extra: &[(&str, &str)]) -> Env {
        let home = self.0.to_str().unwrap().to_owned();
        let mut pairs: Vec<(String, String)> = vec![("HOME".into(), home.clone())];
        if cfg!(windows) {
            pairs.push(("USERPROFILE".into(), home));
        }
        pairs.extend(extra.iter().map(|&(k, v)| (k.to_owned(), v.to_owned())));
        Env::from_pairs(pairs)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A config file in the CLI's shape with an `AK` profile `default`, an
/// `StsToken` profile `sts`, a `CloudSSO` profile `sso` (unsupported) and a
/// few broken ones; `current` is `current`.
fn config_json(current: &str) -> String {
    serde_json::json!({
        "current": current,
        "profiles": [
            {
                "name": "default", "mode": "AK",
                "access_key_id": FILE_ID, "access_key_secret": FILE_SECRET,
                "sts_token": "", "region_id": "ap-southeast-1",
                "output_format": "json", "language": "en"
            },
            {
                "name": "sts", "mode": "StsToken",
                "access_key_id": "STS.from-file", "access_key_secret": FILE_SECRET,
                "sts_token": FILE_TOKEN, "region_id": "cn-hangzhou"
            },
            {
                "name": "sso", "mode": "CloudSSO",
                "access_key_id": FILE_ID, "access_key_secret": FILE_SECRET,
                "cloud_sso_sign_in_url": "https://signin.example.com", "access_token": FILE_TOKEN
            },
            {"name": "no-secret", "mode": "AK", "access_key_id": FILE_ID},
            {"name": "empty-secret", "mode": "AK", "access_key_id": FILE_ID, "access_key_secret": ""},
            {"name": "no-token", "mode": "StsToken", "access_key_id": FILE_ID, "access_key_secret": FILE_SECRET},
            {"name": "no-mode", "access_key_id": FILE_ID, "access_key_secret": FILE_SECRET},
            {"name": "numeric-secret", "mode": "AK", "access_key_id": FILE_ID, "access_key_secret": 12345},
            {"name": "padded", "mode": "AK", "access_key_id": FILE_ID, "access_key_secret": format!(" {FILE_SECRET}\n")}
        ],
        "meta_path": ""
    })
    .to_string()
}

fn profile_at(path: &Path) -> ProfileProvider {
    profile_with(env(&[])).with_config_path(path)
}

// ---------------------------------------------------------------- environment

#[tokio::test]
async fn environment_with_both_keys() {
    let provider = EnvironmentProvider::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
    ]));
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), ID);
    assert_eq!(creds.access_key_secret(), SECRET);
    assert_eq!(creds.security_token(), None);
    checked_provider(&provider);
}

#[tokio::test]
async fn environment_with_sts_token() {
    let provider = EnvironmentProvider::with_lookup(|name| {
        match name {
            "ALIBABA_CLOUD_ACCESS_KEY_ID" => Some(ID),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET" => Some(SECRET),
            "ALIBABA_CLOUD_SECURITY_TOKEN" => Some(TOKEN),
            _ => None,
        }
        .map(str::to_owned)
    });
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.security_token(), Some(TOKEN));
    assert_eq!(creds.access_key_secret(), SECRET);
}

#[tokio::test]
async fn environment_empty_token_means_no_token() {
    let provider = EnvironmentProvider::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", ""),
    ]));
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .security_token(),
        None
    );
}

#[tokio::test]
async fn environment_absent() {
    let err = EnvironmentProvider::with_env(env(&[]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        checked(&err),
        "environment: `ALIBABA_CLOUD_ACCESS_KEY_ID` is not set"
    );
    assert_eq!(err.credentials_source(), &CredentialsSource::Environment);
    assert!(matches!(
        err.kind(),
        CredentialsErrorKind::MissingVariable { name, set_instead: None }
            if name == "ALIBABA_CLOUD_ACCESS_KEY_ID"
    ));
}

#[tokio::test]
async fn environment_names_other_tools_variables_without_reading_them() {
    let err = EnvironmentProvider::with_env(env(&[
        ("ALIYUN_ACCESS_KEY_ID", ID),
        ("ALIYUN_ACCESS_KEY_SECRET", SECRET),
    ]))
    .provide_credentials()
    .await
    .unwrap_err();
    assert_eq!(
        checked(&err),
        "environment: `ALIBABA_CLOUD_ACCESS_KEY_ID` is not set (`ALIYUN_ACCESS_KEY_ID` is, \
         but only `ALIBABA_CLOUD_*` variables are read)"
    );
    let err = EnvironmentProvider::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALICLOUD_SECRET_KEY", SECRET),
    ]))
    .provide_credentials()
    .await
    .unwrap_err();
    assert!(checked(&err).ends_with(
        "`ALIBABA_CLOUD_ACCESS_KEY_SECRET` is not set (`ALICLOUD_SECRET_KEY` is, but only \
         `ALIBABA_CLOUD_*` variables are read)"
    ));
}

#[tokio::test]
async fn environment_secret_missing() {
    let err = EnvironmentProvider::with_env(env(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", ID)]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        checked(&err),
        "environment: `ALIBABA_CLOUD_ACCESS_KEY_SECRET` is not set"
    );
}

#[tokio::test]
async fn environment_empty_values() {
    for (id, secret, bad) in [
        ("", SECRET, "ALIBABA_CLOUD_ACCESS_KEY_ID"),
        (ID, "", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
        (ID, "   ", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
    ] {
        let err = EnvironmentProvider::with_env(env(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", id),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret),
        ]))
        .provide_credentials()
        .await
        .unwrap_err();
        assert_eq!(checked(&err), format!("environment: `{bad}` is empty"));
    }
}

#[tokio::test]
async fn environment_value_with_surrounding_whitespace_is_rejected() {
    let padded = format!("{SECRET}\n");
    let err = EnvironmentProvider::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", &padded),
    ]))
    .provide_credentials()
    .await
    .unwrap_err();
    assert_eq!(
        checked(&err),
        "environment: `ALIBABA_CLOUD_ACCESS_KEY_SECRET` has leading or trailing whitespace"
    );
}

// -------------------------------------------------------------------- profile

#[tokio::test]
async fn profile_current_from_home() {
    let dir = TempDir::new("current");
    dir.write_config(&config_json("sts"));
    let provider = profile_with(dir.home_env(&[]));
    assert_eq!(
        provider.config_path().unwrap(),
        dir.path().join(".aliyun").join("config.json")
    );
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.from-file");
    assert_eq!(creds.access_key_secret(), FILE_SECRET);
    assert_eq!(creds.security_token(), Some(FILE_TOKEN));
    checked_provider(&provider);
}

#[tokio::test]
async fn profile_ak_mode_ignores_empty_sts_token() {
    let dir = TempDir::new("ak");
    let path = dir.write_config(&config_json("default"));
    let creds = profile_at(&path).provide_credentials().await.unwrap();
    assert_eq!(
        creds,
        Credentials::new(FILE_ID, FILE_SECRET),
        "AK mode carries no token"
    );
}

#[tokio::test]
async fn profile_named_explicitly_beats_env_and_current() {
    let dir = TempDir::new("named");
    dir.write_config(&config_json("default"));
    let provider =
        profile_with(dir.home_env(&[("ALIBABA_CLOUD_PROFILE", "sso")])).with_profile("sts");
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .security_token(),
        Some(FILE_TOKEN)
    );
}

#[tokio::test]
async fn profile_from_alibaba_cloud_profile_beats_current() {
    let dir = TempDir::new("envprofile");
    dir.write_config(&config_json("default"));
    let provider = profile_with(dir.home_env(&[("ALIBABA_CLOUD_PROFILE", "sts")]));
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.from-file");
    // An empty ALIBABA_CLOUD_PROFILE falls back to `current`.
    let provider = profile_with(dir.home_env(&[("ALIBABA_CLOUD_PROFILE", "")]));
    assert_eq!(key_id(&provider).await, FILE_ID);
}

#[tokio::test]
async fn profile_without_current_uses_default() {
    let dir = TempDir::new("nocurrent");
    let mut json: serde_json::Value = serde_json::from_str(&config_json("x")).unwrap();
    json.as_object_mut().unwrap().remove("current");
    let path = dir.write_config(&json.to_string());
    assert_eq!(
        profile_at(&path)
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        FILE_ID
    );
}

#[tokio::test]
async fn profile_mode_is_case_insensitive() {
    let dir = TempDir::new("case");
    let path = dir.write_config(
        &serde_json::json!({"current": "p", "profiles": [
            {"name": "p", "mode": "ststoken", "access_key_id": "i", "access_key_secret": FILE_SECRET, "sts_token": FILE_TOKEN}
        ]})
        .to_string(),
    );
    assert_eq!(
        profile_at(&path)
            .provide_credentials()
            .await
            .unwrap()
            .security_token(),
        Some(FILE_TOKEN)
    );
}

#[tokio::test]
async fn profile_unsupported_mode() {
    let dir = TempDir::new("unsupported");
    let path = dir.write_config(&config_json("sso"));
    let err = profile_at(&path).provide_credentials().await.unwrap_err();
    let text = checked(&err);
    assert_eq!(
        text,
        format!(
            "aliyun CLI profile `sso` in {}: unsupported mode `CloudSSO` (supported: `AK`, \
             `StsToken`, `RamRoleArn`, `ChainableRamRoleArn`, `EcsRamRole`, `OIDC`)",
            path.display()
        )
    );
    assert!(matches!(
        err.kind(),
        CredentialsErrorKind::UnsupportedMode { key: "mode", mode, .. } if mode == "CloudSSO"
    ));
}

#[tokio::test]
async fn profile_missing_file() {
    let dir = TempDir::new("missing");
    let provider = profile_with(dir.home_env(&[]));
    let err = provider.provide_credentials().await.unwrap_err();
    let path = dir.path().join(".aliyun").join("config.json");
    assert_eq!(
        checked(&err),
        format!("aliyun CLI config {}: file not found", path.display())
    );
    assert_eq!(err.kind(), &CredentialsErrorKind::FileNotFound);
}

#[tokio::test]
async fn profile_without_home() {
    let err = profile_with(env(&[]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), &CredentialsErrorKind::NoHomeDirectory);
    assert!(checked(&err).starts_with("aliyun CLI config: cannot find the home directory"));
}

#[tokio::test]
async fn profile_malformed_json() {
    let dir = TempDir::new("malformed");
    // A missing comma right after the secret, on line 3.
    let path = dir.write_config(&format!(
        "{{\"current\": \"default\",\n \"profiles\": [{{\"name\": \"default\", \"mode\": \"AK\",\n  \"access_key_secret\": \"{FILE_SECRET}\" \"access_key_id\": \"x\"}}]}}"
    ));
    let err = profile_at(&path).provide_credentials().await.unwrap_err();
    let text = checked(&err);
    match err.kind() {
        CredentialsErrorKind::InvalidJson { line, column, .. } => {
            assert_eq!(*line, 3);
            assert!(*column > 20, "column {column}");
        }
        other => panic!("expected InvalidJson, got {other:?}"),
    }
    assert!(
        text.starts_with(&format!(
            "aliyun CLI config {}: invalid JSON at line 3, column ",
            path.display()
        )),
        "{text}"
    );

    // Truncated file (e.g. read while being rewritten).
    fs::write(&path, &config_json("default")[..40]).unwrap();
    let err = profile_at(&path).provide_credentials().await.unwrap_err();
    assert!(checked(&err).contains("invalid JSON at line 1"));

    // Valid JSON, wrong shape.
    fs::write(&path, r#"{"profiles": {"name": "default"}}"#).unwrap();
    let err = profile_at(&path).provide_credentials().await.unwrap_err();
    assert!(checked(&err).ends_with(": key `profiles` is not a JSON array"));
    fs::write(&path, "[]").unwrap();
    let err = profile_at(&path).provide_credentials().await.unwrap_err();
    assert!(checked(&err).ends_with(": the file is not a JSON object"));
}

#[tokio::test]
async fn profile_missing_and_bad_keys() {
    let dir = TempDir::new("keys");
    let path = dir.write_config(&config_json("default"));
    for (profile, problem) in [
        ("no-secret", "missing key `access_key_secret`"),
        ("empty-secret", "key `access_key_secret` is empty"),
        ("no-token", "missing key `sts_token`"),
        ("no-mode", "missing key `mode`"),
        (
            "numeric-secret",
            "key `access_key_secret` is not a JSON string",
        ),
        (
            "padded",
            "`access_key_secret` has leading or trailing whitespace",
        ),
    ] {
        let err = profile_at(&path)
            .with_profile(profile)
            .provide_credentials()
            .await
            .unwrap_err();
        assert_eq!(
            checked(&err),
            format!(
                "aliyun CLI profile `{profile}` in {}: {problem}",
                path.display()
            )
        );
        assert_eq!(
            err.credentials_source(),
            &CredentialsSource::CliProfile {
                name: profile.into(),
                path: path.clone()
            }
        );
    }
}

#[tokio::test]
async fn profile_not_found_lists_the_profiles() {
    let dir = TempDir::new("notfound");
    let path = dir.write_config(&config_json("dev"));
    let err = profile_at(&path).provide_credentials().await.unwrap_err();
    assert_eq!(
        checked(&err),
        format!(
            "aliyun CLI profile `dev` in {}: profile not found (the file has: default, sts, \
             sso, no-secret, empty-secret, no-token, no-mode, numeric-secret, padded)",
            path.display()
        )
    );
    fs::write(&path, r#"{"current": "default"}"#).unwrap();
    let err = profile_at(&path).provide_credentials().await.unwrap_err();
    assert!(checked(&err).ends_with("profile not found (the file has no profiles)"));
}

/// Rewrites `path` so that its modification time surely differs.
fn rewrite(path: &Path, contents: &str) {
    let before = fs::metadata(path).and_then(|m| m.modified()).ok();
    for _ in 0..50 {
        fs::write(path, contents).unwrap();
        if fs::metadata(path).and_then(|m| m.modified()).ok() != before {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test]
async fn profile_rereads_a_changed_file_and_keeps_the_last_good_credentials() {
    let dir = TempDir::new("reload");
    let path = dir.write_config(&config_json("default"));
    let provider = profile_at(&path);
    assert_eq!(key_id(&provider).await, FILE_ID);

    // `aliyun configure` switched the current profile: picked up.
    rewrite(&path, &config_json("sts"));
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .security_token(),
        Some(FILE_TOKEN)
    );

    // The file is broken, then gone: the last good credentials stay.
    rewrite(&path, "{ \"current\": ");
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .security_token(),
        Some(FILE_TOKEN)
    );
    fs::remove_file(&path).unwrap();
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .security_token(),
        Some(FILE_TOKEN)
    );
    checked_provider(&provider);

    // A fresh provider has nothing to fall back on.
    let err = profile_at(&path).provide_credentials().await.unwrap_err();
    assert_eq!(err.kind(), &CredentialsErrorKind::FileNotFound);
}

// ---------------------------------------------------- CLI profile, role modes

/// A CLI config with role profiles whose STS and metadata service are a
/// closed port: what they do on the wire is tested in
/// `credential_sources.rs`; here, how they are read and how they fail.
fn role_config_json() -> String {
    serde_json::json!({
        "current": "role",
        "profiles": [
            {"name": "base", "mode": "AK", "access_key_id": FILE_ID, "access_key_secret": FILE_SECRET},
            {"name": "role", "mode": "RamRoleArn", "access_key_id": FILE_ID, "access_key_secret": FILE_SECRET,
             "ram_role_arn": "acs:ram::123:role/first", "ram_session_name": "s", "expired_seconds": 1800},
            {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "role",
             "ram_role_arn": "acs:ram::456:role/second"},
            {"name": "loop-a", "mode": "ChainableRamRoleArn", "source_profile": "loop-b", "ram_role_arn": "acs:ram::1:role/a"},
            {"name": "loop-b", "mode": "ChainableRamRoleArn", "source_profile": "loop-a", "ram_role_arn": "acs:ram::1:role/b"},
            {"name": "orphan", "mode": "ChainableRamRoleArn", "source_profile": "nobody", "ram_role_arn": "acs:ram::1:role/c"},
            {"name": "no-source", "mode": "ChainableRamRoleArn", "ram_role_arn": "acs:ram::1:role/d"},
            {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "my-role"},
            {"name": "oidc-partial", "mode": "OIDC", "ram_role_arn": "acs:ram::1:role/e"},
            {"name": "short", "mode": "RamRoleArn", "access_key_id": FILE_ID, "access_key_secret": FILE_SECRET,
             "ram_role_arn": "acs:ram::1:role/f", "expired_seconds": "soon"}
        ]
    })
    .to_string()
}

#[tokio::test]
async fn profile_role_modes_wrap_the_errors_of_what_they_call() {
    let dir = TempDir::new("role-modes");
    let path = dir.write_config(&role_config_json());
    let provider = |name: &str| profile_at(&path).with_profile(name);

    let err = provider("role").provide_credentials().await.unwrap_err();
    let text = checked(&err);
    assert!(
        text.starts_with(&format!(
            "aliyun CLI profile `role` in {}: assumed RAM role `acs:ram::123:role/first`: \
             STS AssumeRole at {CLOSED}/: could not connect: ",
            path.display()
        )),
        "{text}"
    );
    // The profile's error leads to the role's.
    let inner = std::error::Error::source(&err).expect("the role's error");
    assert!(inner.to_string().starts_with("assumed RAM role"), "{inner}");

    let err = provider("chained").provide_credentials().await.unwrap_err();
    assert!(
        checked(&err).contains("`chained` in") && err.to_string().contains("role/second"),
        "{err}"
    );

    let err = provider("ecs").provide_credentials().await.unwrap_err();
    assert!(
        checked(&err).contains(&format!(
            "ECS instance RAM role `my-role`: PUT {CLOSED}/latest/api/token: could not connect"
        )),
        "{err}"
    );
}

#[tokio::test]
async fn profile_role_modes_check_their_keys() {
    let dir = TempDir::new("role-keys");
    let path = dir.write_config(&role_config_json());
    let problem = |name: &'static str| {
        let provider = profile_at(&path).with_profile(name);
        async move {
            let err = provider.provide_credentials().await.unwrap_err();
            checked(&err);
            err
        }
    };
    let err = problem("loop-a").await;
    assert_eq!(
        err.kind(),
        &CredentialsErrorKind::SourceProfileLoop {
            profiles: vec!["loop-a".into(), "loop-b".into(), "loop-a".into()]
        }
    );
    assert!(err
        .to_string()
        .ends_with("the `source_profile` links loop or run too deep: loop-a -> loop-b -> loop-a"));
    let err = problem("orphan").await;
    assert!(
        err.to_string().contains("profile `nobody`")
            && err.to_string().ends_with(
                "profile not found (the file has: base, role, chained, \
                loop-a, loop-b, orphan, no-source, ecs, oidc-partial, short)"
            ),
        "{err}"
    );
    assert!(problem("no-source")
        .await
        .to_string()
        .ends_with(": missing key `source_profile`"));
    assert!(problem("oidc-partial")
        .await
        .to_string()
        .ends_with(": missing key `oidc_provider_arn`"));
    assert!(problem("short")
        .await
        .to_string()
        .ends_with(": key `expired_seconds` is not a JSON number"));
}

// ------------------------------------------------------------ credentials file

const INI: &str = "# shared credentials\n\
[default]\n\
type = access_key\n\
access_key_id = LTAI-from-ini\n\
access_key_secret = INI-SECRET-do-not-print\n\
\n\
[other]\n\
type = access_key   ; a comment\n\
access_key_id = LTAI-other\n\
access_key_secret = INI-SECRET-do-not-print\n\
\n\
[role]\n\
type = ram_role_arn\n\
access_key_id = LTAI-from-ini\n\
access_key_secret = INI-SECRET-do-not-print\n\
role_arn = acs:ram::123:role/ini\n\
role_session_name = ini-session\n\
\n\
[rsa]\n\
type = rsa_key_pair\n\
public_key_id = x\n\
\n\
[partial]\n\
type = access_key\n\
access_key_id = LTAI-partial\n";

impl TempDir {
    /// Writes `contents` as `<dir>/.alibabacloud/<name>` and returns its path.
    fn write_ini(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(".alibabacloud").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }
}

fn file_with(env: Env) -> CredentialsFileProvider {
    CredentialsFileProvider::with_provider_config(offline_env(env))
}

#[tokio::test]
async fn credentials_file_default_path_and_section() {
    let dir = TempDir::new("ini-default");
    let path = dir.write_ini("credentials.ini", INI);
    let provider = file_with(dir.home_env(&[]));
    assert_eq!(provider.path().unwrap(), path);
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(
        creds,
        Credentials::new("LTAI-from-ini", "INI-SECRET-do-not-print")
    );
    let other = file_with(dir.home_env(&[("ALIBABA_CLOUD_PROFILE", "other")]));
    assert_eq!(key_id(&other).await, "LTAI-other");
    let named =
        file_with(dir.home_env(&[("ALIBABA_CLOUD_PROFILE", "other")])).with_profile("default");
    assert_eq!(key_id(&named).await, "LTAI-from-ini");
    assert!(!format!("{provider:?}").contains("INI-SECRET"));
}

#[tokio::test]
async fn credentials_file_from_the_variable_or_under_the_go_name() {
    let dir = TempDir::new("ini-paths");
    // Only `credentials` (the Go library's name) exists: it is used.
    let go_name = dir.write_ini("credentials", INI);
    let provider = file_with(dir.home_env(&[]));
    assert_eq!(provider.path().unwrap(), go_name);
    assert!(provider.provide_credentials().await.is_ok());
    // `credentials.ini` wins when both exist.
    let ini = dir.write_ini(
        "credentials.ini",
        "[default]\ntype = access_key\naccess_key_id = LTAI-ini\naccess_key_secret = s\n",
    );
    let provider = file_with(dir.home_env(&[]));
    assert_eq!(provider.path().unwrap(), ini);
    assert_eq!(key_id(&provider).await, "LTAI-ini");
    // The variable names any file.
    let elsewhere = dir.path().join("elsewhere.ini");
    fs::write(&elsewhere, INI).unwrap();
    let provider = file_with(dir.home_env(&[(
        "ALIBABA_CLOUD_CREDENTIALS_FILE",
        elsewhere.to_str().unwrap(),
    )]));
    assert_eq!(provider.path().unwrap(), elsewhere);
    assert_eq!(key_id(&provider).await, "LTAI-from-ini");
}

#[tokio::test]
async fn credentials_file_errors_name_the_problem_not_the_values() {
    let dir = TempDir::new("ini-errors");
    let missing = file_with(dir.home_env(&[]));
    let err = missing.provide_credentials().await.unwrap_err();
    assert_eq!(
        checked(&err),
        format!(
            "credentials file {}: file not found",
            dir.path()
                .join(".alibabacloud")
                .join("credentials.ini")
                .display()
        )
    );
    assert_eq!(
        file_with(env(&[]))
            .provide_credentials()
            .await
            .unwrap_err()
            .kind(),
        &CredentialsErrorKind::NoHomeDirectory
    );

    let path = dir.write_ini("credentials.ini", INI);
    let section = |name: &str| file_with(dir.home_env(&[])).with_profile(name);
    let err = section("partial").provide_credentials().await.unwrap_err();
    assert_eq!(
        checked(&err),
        format!(
            "profile `partial` of credentials file {}: missing key `access_key_secret`",
            path.display()
        )
    );
    let err = section("rsa").provide_credentials().await.unwrap_err();
    assert!(checked(&err).ends_with(
        "unsupported type `rsa_key_pair` (supported: `access_key`, \
        `ram_role_arn`, `ecs_ram_role`, `oidc_role_arn`)"
    ));
    let err = section("nope").provide_credentials().await.unwrap_err();
    assert!(checked(&err)
        .ends_with("profile not found (the file has: default, other, partial, role, rsa)"));
    let err = section("role").provide_credentials().await.unwrap_err();
    assert!(
        checked(&err).starts_with(&format!(
            "profile `role` of credentials file {}: assumed RAM role `acs:ram::123:role/ini`: \
             STS AssumeRole at {CLOSED}/: could not connect",
            path.display()
        )),
        "{err}"
    );

    // A line that is not INI: its number, never its content.
    fs::write(
        &path,
        "[default]\naccess_key_secret INI-SECRET-do-not-print\n",
    )
    .unwrap();
    let err = file_with(dir.home_env(&[]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(
        checked(&err),
        format!(
            "credentials file {}: invalid INI at line 2: expected `[section]`, `key = value` or a comment",
            path.display()
        )
    );
}

// ---------------------------------------------------------------------- chain

#[tokio::test]
async fn chain_prefers_the_environment_over_the_file() {
    let dir = TempDir::new("chain-env");
    dir.write_config(&config_json("default"));
    let chain = chain_with(dir.home_env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ]));
    let creds = chain.provide_credentials().await.unwrap();
    assert_eq!(
        creds,
        Credentials::new(ID, SECRET).with_security_token(TOKEN)
    );
    checked_provider(&chain);
}

#[tokio::test]
async fn chain_falls_back_to_the_profile() {
    let dir = TempDir::new("chain-file");
    dir.write_config(&config_json("default"));
    // Only the id in the environment: that source fails, the file wins.
    let chain = chain_with(dir.home_env(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", ID)]));
    assert_eq!(
        chain.provide_credentials().await.unwrap(),
        Credentials::new(FILE_ID, FILE_SECRET)
    );
    let chain = chain_with(env(&[]))
        .with_profile_provider(profile_with(dir.home_env(&[])).with_profile("sts"));
    assert_eq!(
        chain.provide_credentials().await.unwrap().security_token(),
        Some(FILE_TOKEN)
    );
}

#[tokio::test]
async fn chain_falls_back_to_the_credentials_file_after_the_cli_profile() {
    let dir = TempDir::new("chain-ini");
    dir.write_ini("credentials.ini", INI);
    let chain = chain_with(dir.home_env(&[]));
    assert_eq!(key_id(&chain).await, "LTAI-from-ini");
    assert_eq!(chain.resolved_source(), Some("credentials file"));

    // With both files, the CLI profile comes first.
    dir.write_config(&config_json("default"));
    let chain = chain_with(dir.home_env(&[]));
    assert_eq!(key_id(&chain).await, FILE_ID);
    // ... unless it is turned off.
    let chain = chain_with(dir.home_env(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")]));
    assert_eq!(key_id(&chain).await, "LTAI-from-ini");
}

#[tokio::test]
async fn chain_error_lists_every_source() {
    let dir = TempDir::new("chain-none");
    let chain = chain_with(dir.home_env(&[]));
    let err = chain.provide_credentials().await.unwrap_err();
    let cli = dir.path().join(".aliyun").join("config.json");
    let ini = dir.path().join(".alibabacloud").join("credentials.ini");
    let text = checked(&err);
    let expected_start = format!(
        "default credentials chain: no source yielded credentials (environment: \
         `ALIBABA_CLOUD_ACCESS_KEY_ID` is not set; OIDC role: `ALIBABA_CLOUD_ROLE_ARN` is not set; \
         aliyun CLI config {}: file not found; credentials file {}: file not found; \
         ECS instance RAM role: PUT {CLOSED}/latest/api/token: could not connect: ",
        cli.display(),
        ini.display()
    );
    assert!(text.starts_with(&expected_start), "{text}");
    assert!(
        text.ends_with(
            "; credentials URI: `ALIBABA_CLOUD_CREDENTIALS_URI` is not set); set \
             `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, run \
             `aliyun configure`, attach a RAM role to the ECS instance, or pass credentials \
             explicitly"
        ),
        "{text}"
    );
    match err.kind() {
        CredentialsErrorKind::NoSourceYielded { attempts } => {
            let sources: Vec<String> = attempts
                .iter()
                .map(|a| a.credentials_source().to_string())
                .collect();
            assert_eq!(
                sources,
                [
                    "environment".to_owned(),
                    "OIDC role".to_owned(),
                    format!("aliyun CLI config {}", cli.display()),
                    format!("credentials file {}", ini.display()),
                    "ECS instance RAM role".to_owned(),
                    "credentials URI".to_owned(),
                ]
            );
            assert_eq!(attempts[2].kind(), &CredentialsErrorKind::FileNotFound);
            assert!(matches!(
                attempts[4].kind(),
                CredentialsErrorKind::Request {
                    failure: alibabacloud_domain::credentials::RequestFailure::Connect { .. },
                    ..
                }
            ));
        }
        other => panic!("expected NoSourceYielded, got {other:?}"),
    }
    assert_eq!(chain.resolved_source(), None);

    // A broken profile is reported as such, secrets still hidden.
    dir.write_config(&config_json("sso"));
    let err = chain.provide_credentials().await.unwrap_err();
    assert!(checked(&err).contains("profile `sso`"));
    assert!(err.to_string().contains("unsupported mode `CloudSSO`"));
}

#[tokio::test]
async fn chain_skips_a_disabled_profile() {
    let dir = TempDir::new("chain-disabled");
    dir.write_config(&config_json("default"));
    for value in ["true", "TRUE"] {
        let chain = chain_with(dir.home_env(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", value)]));
        let err = chain.provide_credentials().await.unwrap_err();
        let text = checked(&err);
        assert!(
            text.contains(": skipped because `ALIBABA_CLOUD_CLI_PROFILE_DISABLED` is `true`"),
            "{text}"
        );
    }
    // Any other value leaves the profile on.
    let chain = chain_with(dir.home_env(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "false")]));
    assert_eq!(key_id(&chain).await, FILE_ID);
}

#[tokio::test]
async fn chain_caches_the_first_source_that_yields() {
    let vars = MutableEnv::default();
    let chain = chain_with(vars.env());
    assert!(
        chain.provide_credentials().await.is_err(),
        "nothing set yet"
    );

    vars.set("ALIBABA_CLOUD_ACCESS_KEY_ID", ID);
    vars.set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
    assert_eq!(key_id(&chain).await, ID);
    assert!(format!("{chain:?}").contains("resolved: Some(\"environment\")"));

    // Once resolved, the environment is not read again.
    vars.remove("ALIBABA_CLOUD_ACCESS_KEY_ID");
    vars.set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "other");
    assert_eq!(
        chain.provide_credentials().await.unwrap(),
        Credentials::new(ID, SECRET)
    );
}

#[tokio::test]
async fn chain_keeps_using_the_profile_once_it_won() {
    let dir = TempDir::new("chain-sticky");
    dir.write_config(&config_json("default"));
    let vars = MutableEnv::default();
    vars.set("HOME", dir.path().to_str().unwrap());
    vars.set("USERPROFILE", dir.path().to_str().unwrap());
    let chain = chain_with(vars.env());
    assert_eq!(key_id(&chain).await, FILE_ID);

    // Variables set later do not displace the profile.
    vars.set("ALIBABA_CLOUD_ACCESS_KEY_ID", ID);
    vars.set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
    assert_eq!(key_id(&chain).await, FILE_ID);
    assert!(format!("{chain:?}").contains("resolved: Some(\"aliyun CLI profile\")"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn chain_is_shared_across_threads() {
    let chain = Arc::new(chain_with(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
    ])));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let chain = Arc::clone(&chain);
            tokio::spawn(async move {
                let mut all = Vec::new();
                for _ in 0..100 {
                    all.push(chain.provide_credentials().await.unwrap());
                }
                all
            })
        })
        .collect();
    for handle in handles {
        for creds in handle.await.unwrap() {
            assert_eq!(creds, Credentials::new(ID, SECRET));
        }
    }
    assert_eq!(chain.resolved_source(), Some("environment"));
    // Usable as the client's provider type.
    let shared: Arc<dyn ProvideCredentials> = chain;
    assert_eq!(key_id(&shared).await, ID);
}

// ------------------------------------------------------------------ redaction

#[tokio::test]
async fn credentials_debug_and_display_hide_secret_and_token() {
    let creds = Credentials::new(ID, SECRET).with_security_token(TOKEN);
    let debug = format!("{creds:?}");
    assert_eq!(
        debug,
        format!(
            "Credentials {{ access_key_id: \"{ID}\", access_key_secret: \"** redacted **\", \
             security_token: Some(\"** redacted **\") }}"
        )
    );
    for text in [debug, format!("{creds:#?}"), creds.to_string()] {
        assert_no_secret(&text);
        assert!(text.contains(ID));
    }
    // The values are still there for the signer.
    assert_eq!(creds.access_key_secret(), SECRET);
    assert_eq!(creds.security_token(), Some(TOKEN));
}

#[tokio::test]
async fn providers_hide_secrets_after_loading() {
    let dir = TempDir::new("redaction");
    let path = dir.write_config(&config_json("sts"));
    let environment = EnvironmentProvider::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ]));
    let profile = profile_at(&path);
    let chain = chain_with(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ]));
    let providers: [&dyn ProvideCredentials; 3] = [&environment, &profile, &chain];
    for provider in providers {
        checked_provider(provider);
        let creds = provider.provide_credentials().await.unwrap();
        assert!(creds.security_token().is_some());
        checked_provider(provider);
        assert_no_secret(&format!("{creds:?} {creds}"));
    }
    let env_debug = format!("{:?}", env(&[("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)]));
    assert_eq!(env_debug, "Env(custom)");
}
