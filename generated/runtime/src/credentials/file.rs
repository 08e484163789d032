//! What the file-based providers share: the credentials or provider a file
//! describes, kept until the file changes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use super::error::{CredentialsError, CredentialsSource};
use super::keys::Credentials;
use super::provide::ProvideCredentials;

/// What a profile in a file turns into: fixed credentials, or a provider
/// that fetches them (an assumed role, the ECS role, an OIDC role).
#[derive(Clone)]
pub(crate) enum Loaded {
    Static(Credentials),
    Dynamic {
        provider: Arc<dyn ProvideCredentials>,
        /// Names the profile, for wrapping the provider's errors.
        source: CredentialsSource,
    },
}

impl Loaded {
    /// The loaded value as a provider (a source for a chained role).
    pub(crate) fn into_provider(self) -> Arc<dyn ProvideCredentials> {
        match self {
            Loaded::Static(credentials) => Arc::new(credentials),
            Loaded::Dynamic { provider, .. } => provider,
        }
    }
}

/// Size and modification time: a file that changed differs in one of them.
type Stamp = (Option<SystemTime>, u64);

struct Watched {
    path: PathBuf,
    selector: Option<String>,
    stamp: Stamp,
    value: Loaded,
}

/// The last value loaded from a file, for one path and profile selector.
#[derive(Default)]
pub(crate) struct FileCache {
    cached: Mutex<Option<Watched>>,
}

impl FileCache {
    /// Whether something is cached.
    pub(crate) fn is_cached(&self) -> bool {
        self.cached
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Forgets the cached value.
    pub(crate) fn clear(&mut self) {
        *self
            .cached
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The value `path` describes for `selector`: the cached one while the
    /// file's size and modification time are unchanged, else `load` of its
    /// bytes. When the file cannot be read or loaded again after it changed
    /// (being rewritten, removed, broken), the value loaded before is kept
    /// and a warning naming `what` is logged.
    pub(crate) fn get(
        &self,
        path: &Path,
        selector: Option<&str>,
        what: &'static str,
        io_error: impl Fn(&io::Error) -> CredentialsError,
        load: impl FnOnce(&[u8]) -> Result<Loaded, CredentialsError>,
    ) -> Result<Loaded, CredentialsError> {
        let mut cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        let same_request = |c: &Watched| c.path == path && c.selector.as_deref() == selector;
        let stamp = fs::metadata(path)
            .map(|m| (m.modified().ok(), m.len()))
            .map_err(|e| io_error(&e));
        if let (Some(c), Ok(stamp)) = (cached.as_ref(), &stamp) {
            if same_request(c) && c.stamp == *stamp {
                return Ok(c.value.clone());
            }
        }
        let loaded = stamp.and_then(|stamp| {
            let bytes = fs::read(path).map_err(|e| io_error(&e))?;
            load(&bytes).map(|value| (stamp, value))
        });
        match loaded {
            Ok((stamp, value)) => {
                *cached = Some(Watched {
                    path: path.to_owned(),
                    selector: selector.map(str::to_owned),
                    stamp,
                    value: value.clone(),
                });
                Ok(value)
            }
            Err(error) => match cached.as_ref() {
                Some(c) if same_request(c) => {
                    tracing::warn!(
                        %error,
                        "could not re-read the {what}; keeping what was read before"
                    );
                    Ok(c.value.clone())
                }
                _ => Err(error),
            },
        }
    }
}
