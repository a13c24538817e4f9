//! Hearth's domain: everything that is not the desktop window.
//!
//! A [`Vault`] is one person's encrypted store: an SQLCipher database opened with a
//! random 256-bit key, which is itself wrapped by a key derived from the passphrase
//! (see [`keyfile`]). Everything else in Hearth reads and writes through a vault's
//! connection.
//!
//! Architecture invariant: this crate knows nothing of Tauri, IPC or JSON-over-IPC.
//! Functions take a vault or connection and plain types, and fail with [`Error`].

pub mod backup;
pub mod bucket;
#[cfg(test)]
mod deleted_tests;
pub mod error;
pub mod files;
pub mod hearths;
pub mod import;
pub mod intimacy;
pub mod journal;
pub mod keyfile;
#[cfg(test)]
mod near_duplicates;
pub mod passphrase;
pub mod photos;
pub mod schema;
pub mod selfcheck;
pub mod settings;
pub mod shared;
pub mod snapshots;
pub mod sqlite_memory;
pub mod throttle;
pub mod time;
pub mod together;
pub mod vault;

pub use error::{Error, Result};
pub use intimacy::IntimacyKind;
pub use vault::{Vault, VaultPaths};
