//! Credential providers: environment variables, the aliyun CLI profile file
//! and the default chain, and that no secret or token ever shows up in their
//! `Debug`/`Display` text or in their errors.
//!
//! Nothing here touches the real process environment or `$HOME`: providers
//! get an injected [`Env`] and files live in unique temporary directories.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alibabacloud_domain::runtime::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsSource,
    DefaultCredentialsChain, Env, EnvironmentProvider, ProfileProvider, ProvideCredentials,
};

const ID: &str = "LTAI-credentials-test-id";
const SECRET: &str = "SECRET-do-not-print";
const TOKEN: &str = "TOKEN-do-not-print";
const FILE_ID: &str = "LTAI-from-file";
const FILE_SECRET: &str = "FILE-SECRET-do-not-print";
const FILE_TOKEN: &str = "FILE-TOKEN-do-not-print";

/// Every value that must never be printed.
const FORBIDDEN: [&str; 4] = [SECRET, TOKEN, FILE_SECRET, FILE_TOKEN];

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
/// `StsToken` profile `sts`, a `RamRoleArn` profile `role` and a few broken
/// ones; `current` is `current`.
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
                "name": "role", "mode": "RamRoleArn",
                "access_key_id": FILE_ID, "access_key_secret": FILE_SECRET,
                "ram_role_arn": "acs:ram::123:role/x", "ram_session_name": "s"
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
    ProfileProvider::with_env(env(&[])).with_config_path(path)
}

// ---------------------------------------------------------------- environment

#[test]
fn environment_with_both_keys() {
    let provider = EnvironmentProvider::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
    ]));
    let creds = provider.provide_credentials().unwrap();
    assert_eq!(creds.access_key_id(), ID);
    assert_eq!(creds.access_key_secret(), SECRET);
    assert_eq!(creds.security_token(), None);
    checked_provider(&provider);
}

#[test]
fn environment_with_sts_token() {
    let provider = EnvironmentProvider::with_lookup(|name| {
        match name {
            "ALIBABA_CLOUD_ACCESS_KEY_ID" => Some(ID),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET" => Some(SECRET),
            "ALIBABA_CLOUD_SECURITY_TOKEN" => Some(TOKEN),
            _ => None,
        }
        .map(str::to_owned)
    });
    let creds = provider.provide_credentials().unwrap();
    assert_eq!(creds.security_token(), Some(TOKEN));
    assert_eq!(creds.access_key_secret(), SECRET);
}

#[test]
fn environment_empty_token_means_no_token() {
    let provider = EnvironmentProvider::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", ""),
    ]));
    assert_eq!(
        provider.provide_credentials().unwrap().security_token(),
        None
    );
}

#[test]
fn environment_absent() {
    let err = EnvironmentProvider::with_env(env(&[]))
        .provide_credentials()
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

#[test]
fn environment_names_other_tools_variables_without_reading_them() {
    let err = EnvironmentProvider::with_env(env(&[
        ("ALIYUN_ACCESS_KEY_ID", ID),
        ("ALIYUN_ACCESS_KEY_SECRET", SECRET),
    ]))
    .provide_credentials()
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
    .unwrap_err();
    assert!(checked(&err).ends_with(
        "`ALIBABA_CLOUD_ACCESS_KEY_SECRET` is not set (`ALICLOUD_SECRET_KEY` is, but only \
         `ALIBABA_CLOUD_*` variables are read)"
    ));
}

#[test]
fn environment_secret_missing() {
    let err = EnvironmentProvider::with_env(env(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", ID)]))
        .provide_credentials()
        .unwrap_err();
    assert_eq!(
        checked(&err),
        "environment: `ALIBABA_CLOUD_ACCESS_KEY_SECRET` is not set"
    );
}

#[test]
fn environment_empty_values() {
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
        .unwrap_err();
        assert_eq!(checked(&err), format!("environment: `{bad}` is empty"));
    }
}

#[test]
fn environment_value_with_surrounding_whitespace_is_rejected() {
    let padded = format!("{SECRET}\n");
    let err = EnvironmentProvider::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", &padded),
    ]))
    .provide_credentials()
    .unwrap_err();
    assert_eq!(
        checked(&err),
        "environment: `ALIBABA_CLOUD_ACCESS_KEY_SECRET` has leading or trailing whitespace"
    );
}

// -------------------------------------------------------------------- profile

#[test]
fn profile_current_from_home() {
    let dir = TempDir::new("current");
    dir.write_config(&config_json("sts"));
    let provider = ProfileProvider::with_env(dir.home_env(&[]));
    assert_eq!(
        provider.config_path().unwrap(),
        dir.path().join(".aliyun").join("config.json")
    );
    let creds = provider.provide_credentials().unwrap();
    assert_eq!(creds.access_key_id(), "STS.from-file");
    assert_eq!(creds.access_key_secret(), FILE_SECRET);
    assert_eq!(creds.security_token(), Some(FILE_TOKEN));
    checked_provider(&provider);
}

#[test]
fn profile_ak_mode_ignores_empty_sts_token() {
    let dir = TempDir::new("ak");
    let path = dir.write_config(&config_json("default"));
    let creds = profile_at(&path).provide_credentials().unwrap();
    assert_eq!(
        creds,
        Credentials::new(FILE_ID, FILE_SECRET),
        "AK mode carries no token"
    );
}

#[test]
fn profile_named_explicitly_beats_env_and_current() {
    let dir = TempDir::new("named");
    dir.write_config(&config_json("default"));
    let provider = ProfileProvider::with_env(dir.home_env(&[("ALIBABA_CLOUD_PROFILE", "role")]))
        .with_profile("sts");
    assert_eq!(
        provider.provide_credentials().unwrap().security_token(),
        Some(FILE_TOKEN)
    );
}

#[test]
fn profile_from_alibaba_cloud_profile_beats_current() {
    let dir = TempDir::new("envprofile");
    dir.write_config(&config_json("default"));
    let provider = ProfileProvider::with_env(dir.home_env(&[("ALIBABA_CLOUD_PROFILE", "sts")]));
    let creds = provider.provide_credentials().unwrap();
    assert_eq!(creds.access_key_id(), "STS.from-file");
    // An empty ALIBABA_CLOUD_PROFILE falls back to `current`.
    let provider = ProfileProvider::with_env(dir.home_env(&[("ALIBABA_CLOUD_PROFILE", "")]));
    assert_eq!(
        provider.provide_credentials().unwrap().access_key_id(),
        FILE_ID
    );
}

#[test]
fn profile_without_current_uses_default() {
    let dir = TempDir::new("nocurrent");
    let mut json: serde_json::Value = serde_json::from_str(&config_json("x")).unwrap();
    json.as_object_mut().unwrap().remove("current");
    let path = dir.write_config(&json.to_string());
    assert_eq!(
        profile_at(&path)
            .provide_credentials()
            .unwrap()
            .access_key_id(),
        FILE_ID
    );
}

#[test]
fn profile_mode_is_case_insensitive() {
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
            .unwrap()
            .security_token(),
        Some(FILE_TOKEN)
    );
}

#[test]
fn profile_unsupported_mode() {
    let dir = TempDir::new("unsupported");
    let path = dir.write_config(&config_json("role"));
    let err = profile_at(&path).provide_credentials().unwrap_err();
    let text = checked(&err);
    assert_eq!(
        text,
        format!(
            "aliyun CLI profile `role` in {}: unsupported mode `RamRoleArn` (supported: `AK`, \
             `StsToken`); pass credentials explicitly or through the environment instead",
            path.display()
        )
    );
    assert_eq!(
        err.kind(),
        &CredentialsErrorKind::UnsupportedMode {
            mode: "RamRoleArn".into()
        }
    );
}

#[test]
fn profile_missing_file() {
    let dir = TempDir::new("missing");
    let provider = ProfileProvider::with_env(dir.home_env(&[]));
    let err = provider.provide_credentials().unwrap_err();
    let path = dir.path().join(".aliyun").join("config.json");
    assert_eq!(
        checked(&err),
        format!("aliyun CLI config {}: file not found", path.display())
    );
    assert_eq!(err.kind(), &CredentialsErrorKind::FileNotFound);
}

#[test]
fn profile_without_home() {
    let err = ProfileProvider::with_env(env(&[]))
        .provide_credentials()
        .unwrap_err();
    assert_eq!(err.kind(), &CredentialsErrorKind::NoHomeDirectory);
    assert!(checked(&err).starts_with("aliyun CLI config: cannot find the home directory"));
}

#[test]
fn profile_malformed_json() {
    let dir = TempDir::new("malformed");
    // A missing comma right after the secret, on line 3.
    let path = dir.write_config(&format!(
        "{{\"current\": \"default\",\n \"profiles\": [{{\"name\": \"default\", \"mode\": \"AK\",\n  \"access_key_secret\": \"{FILE_SECRET}\" \"access_key_id\": \"x\"}}]}}"
    ));
    let err = profile_at(&path).provide_credentials().unwrap_err();
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
    let err = profile_at(&path).provide_credentials().unwrap_err();
    assert!(checked(&err).contains("invalid JSON at line 1"));

    // Valid JSON, wrong shape.
    fs::write(&path, r#"{"profiles": {"name": "default"}}"#).unwrap();
    let err = profile_at(&path).provide_credentials().unwrap_err();
    assert!(checked(&err).ends_with(": key `profiles` is not a JSON array"));
    fs::write(&path, "[]").unwrap();
    let err = profile_at(&path).provide_credentials().unwrap_err();
    assert!(checked(&err).ends_with(": the file is not a JSON object"));
}

#[test]
fn profile_missing_and_bad_keys() {
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

#[test]
fn profile_not_found_lists_the_profiles() {
    let dir = TempDir::new("notfound");
    let path = dir.write_config(&config_json("dev"));
    let err = profile_at(&path).provide_credentials().unwrap_err();
    assert_eq!(
        checked(&err),
        format!(
            "aliyun CLI profile `dev` in {}: profile not found (the file has: default, sts, \
             role, no-secret, empty-secret, no-token, no-mode, numeric-secret, padded)",
            path.display()
        )
    );
    fs::write(&path, r#"{"current": "default"}"#).unwrap();
    let err = profile_at(&path).provide_credentials().unwrap_err();
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

#[test]
fn profile_rereads_a_changed_file_and_keeps_the_last_good_credentials() {
    let dir = TempDir::new("reload");
    let path = dir.write_config(&config_json("default"));
    let provider = profile_at(&path);
    assert_eq!(
        provider.provide_credentials().unwrap().access_key_id(),
        FILE_ID
    );

    // `aliyun configure` switched the current profile: picked up.
    rewrite(&path, &config_json("sts"));
    assert_eq!(
        provider.provide_credentials().unwrap().security_token(),
        Some(FILE_TOKEN)
    );

    // The file is broken, then gone: the last good credentials stay.
    rewrite(&path, "{ \"current\": ");
    assert_eq!(
        provider.provide_credentials().unwrap().security_token(),
        Some(FILE_TOKEN)
    );
    fs::remove_file(&path).unwrap();
    assert_eq!(
        provider.provide_credentials().unwrap().security_token(),
        Some(FILE_TOKEN)
    );
    checked_provider(&provider);

    // A fresh provider has nothing to fall back on.
    let err = profile_at(&path).provide_credentials().unwrap_err();
    assert_eq!(err.kind(), &CredentialsErrorKind::FileNotFound);
}

// ---------------------------------------------------------------------- chain

#[test]
fn chain_prefers_the_environment_over_the_file() {
    let dir = TempDir::new("chain-env");
    dir.write_config(&config_json("default"));
    let chain = DefaultCredentialsChain::with_env(dir.home_env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ]));
    let creds = chain.provide_credentials().unwrap();
    assert_eq!(
        creds,
        Credentials::new(ID, SECRET).with_security_token(TOKEN)
    );
    checked_provider(&chain);
}

#[test]
fn chain_falls_back_to_the_profile() {
    let dir = TempDir::new("chain-file");
    dir.write_config(&config_json("default"));
    // Only the id in the environment: that source fails, the file wins.
    let chain =
        DefaultCredentialsChain::with_env(dir.home_env(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", ID)]));
    assert_eq!(
        chain.provide_credentials().unwrap(),
        Credentials::new(FILE_ID, FILE_SECRET)
    );
    let chain = DefaultCredentialsChain::with_env(env(&[]))
        .with_profile_provider(ProfileProvider::with_env(dir.home_env(&[])).with_profile("sts"));
    assert_eq!(
        chain.provide_credentials().unwrap().security_token(),
        Some(FILE_TOKEN)
    );
}

#[test]
fn chain_error_lists_every_source() {
    let dir = TempDir::new("chain-none");
    let chain = DefaultCredentialsChain::with_env(dir.home_env(&[]));
    let err = chain.provide_credentials().unwrap_err();
    let path = dir.path().join(".aliyun").join("config.json");
    assert_eq!(
        checked(&err),
        format!(
            "default credentials chain: no source yielded credentials (environment: \
             `ALIBABA_CLOUD_ACCESS_KEY_ID` is not set; aliyun CLI config {}: file not found); \
             set `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, run \
             `aliyun configure`, or pass credentials explicitly",
            path.display()
        )
    );
    match err.kind() {
        CredentialsErrorKind::NoSourceYielded { attempts } => {
            assert_eq!(attempts.len(), 2);
            assert_eq!(
                attempts[0].credentials_source(),
                &CredentialsSource::Environment
            );
            assert_eq!(attempts[1].kind(), &CredentialsErrorKind::FileNotFound);
        }
        other => panic!("expected NoSourceYielded, got {other:?}"),
    }

    // A broken profile is reported as such, secrets still hidden.
    dir.write_config(&config_json("role"));
    let err = chain.provide_credentials().unwrap_err();
    assert!(checked(&err).contains("profile `role`"));
    assert!(err.to_string().contains("unsupported mode `RamRoleArn`"));
}

#[test]
fn chain_skips_a_disabled_profile() {
    let dir = TempDir::new("chain-disabled");
    dir.write_config(&config_json("default"));
    for value in ["true", "TRUE"] {
        let chain = DefaultCredentialsChain::with_env(
            dir.home_env(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", value)]),
        );
        let err = chain.provide_credentials().unwrap_err();
        let text = checked(&err);
        assert!(
            text.contains(": skipped because `ALIBABA_CLOUD_CLI_PROFILE_DISABLED` is `true`"),
            "{text}"
        );
    }
    // Any other value leaves the profile on.
    let chain = DefaultCredentialsChain::with_env(
        dir.home_env(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "false")]),
    );
    assert_eq!(
        chain.provide_credentials().unwrap().access_key_id(),
        FILE_ID
    );
}

#[test]
fn chain_caches_the_first_source_that_yields() {
    let vars = MutableEnv::default();
    let chain = DefaultCredentialsChain::with_env(vars.env());
    assert!(chain.provide_credentials().is_err(), "nothing set yet");

    vars.set("ALIBABA_CLOUD_ACCESS_KEY_ID", ID);
    vars.set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
    assert_eq!(chain.provide_credentials().unwrap().access_key_id(), ID);
    assert!(format!("{chain:?}").contains("resolved: Some(\"environment\")"));

    // Once resolved, the environment is not read again.
    vars.remove("ALIBABA_CLOUD_ACCESS_KEY_ID");
    vars.set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "other");
    assert_eq!(
        chain.provide_credentials().unwrap(),
        Credentials::new(ID, SECRET)
    );
}

#[test]
fn chain_keeps_using_the_profile_once_it_won() {
    let dir = TempDir::new("chain-sticky");
    dir.write_config(&config_json("default"));
    let vars = MutableEnv::default();
    vars.set("HOME", dir.path().to_str().unwrap());
    vars.set("USERPROFILE", dir.path().to_str().unwrap());
    let chain = DefaultCredentialsChain::with_env(vars.env());
    assert_eq!(
        chain.provide_credentials().unwrap().access_key_id(),
        FILE_ID
    );

    // Variables set later do not displace the profile.
    vars.set("ALIBABA_CLOUD_ACCESS_KEY_ID", ID);
    vars.set("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
    assert_eq!(
        chain.provide_credentials().unwrap().access_key_id(),
        FILE_ID
    );
    assert!(format!("{chain:?}").contains("resolved: Some(\"aliyun CLI profile\")"));
}

#[test]
fn chain_is_shared_across_threads() {
    let chain = Arc::new(DefaultCredentialsChain::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
    ])));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let chain = Arc::clone(&chain);
            std::thread::spawn(move || {
                (0..100)
                    .map(|_| chain.provide_credentials().unwrap())
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for handle in handles {
        for creds in handle.join().unwrap() {
            assert_eq!(creds, Credentials::new(ID, SECRET));
        }
    }
    // Usable as the client's provider type.
    let shared: Arc<dyn ProvideCredentials> = chain;
    assert_eq!(shared.provide_credentials().unwrap().access_key_id(), ID);
}

// ------------------------------------------------------------------ redaction

#[test]
fn credentials_debug_and_display_hide_secret_and_token() {
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

#[test]
fn providers_hide_secrets_after_loading() {
    let dir = TempDir::new("redaction");
    let path = dir.write_config(&config_json("sts"));
    let environment = EnvironmentProvider::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ]));
    let profile = profile_at(&path);
    let chain = DefaultCredentialsChain::with_env(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", ID),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
    ]));
    let providers: [&dyn ProvideCredentials; 3] = [&environment, &profile, &chain];
    for provider in providers {
        checked_provider(provider);
        let creds = provider.provide_credentials().unwrap();
        assert!(creds.security_token().is_some());
        checked_provider(provider);
        assert_no_secret(&format!("{creds:?} {creds}"));
    }
    let env_debug = format!("{:?}", env(&[("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)]));
    assert_eq!(env_debug, "Env(custom)");
}
