//! The core's one error type.
//!
//! Messages are written for the person using Hearth: plain, calm and free of
//! anything they wrote. No variant carries journal text, a passphrase or raw SQL.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("That passphrase doesn't open this vault. Check for caps lock and try again.")]
    WrongPassphrase,

    #[error("There is no vault here yet.")]
    NoVault,

    #[error("A vault already exists here; Hearth won't overwrite it.")]
    VaultExists,

    #[error(
        "This vault was made by a newer version of Hearth (format {found}; this version reads up to {supported}). Please update Hearth. The vault has not been changed."
    )]
    VaultTooNew { found: i64, supported: i64 },

    #[error(
        "The vault's key file is missing, so the vault can't be opened. If you have a backup of the whole Hearth folder, restore it."
    )]
    KeyFileMissing,

    #[error("The vault's key file is damaged or isn't a Hearth key file ({0}). Nothing was changed.")]
    KeyFileInvalid(&'static str),

    #[error("The vault file can't be read: it is damaged or isn't a Hearth vault. Nothing was changed.")]
    NotAVault,

    #[error("This vault is already open in another Hearth window.")]
    VaultInUse,

    #[error("{0}")]
    WeakPassphrase(String),

    #[error("The two passphrases don't match.")]
    PassphraseMismatch,

    #[error("{0}")]
    InvalidInput(String),

    /// An import file that can't be taken in. The message says why in general
    /// terms (and which entry number), never quoting the file.
    #[error("{0} Nothing was imported.")]
    ImportRejected(String),

    /// A file bigger than Hearth reads for this purpose ([`crate::files::read_bounded`]).
    #[error(
        "This file is larger than {}, more than Hearth reads for this. Nothing was changed.",
        human_size(*limit_bytes)
    )]
    FileTooLarge { limit_bytes: u64 },

    #[error("Hearth couldn't read or write its files in {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A database failure other than the ones above. The SQL error is kept for
    /// `Debug` and for developers' tests, but the message shown to people does not
    /// include it: SQLite messages can quote values from the statement.
    #[error("Something went wrong inside the vault. Your data has not been changed.")]
    Database(#[source] rusqlite::Error),

    #[error("Hearth couldn't update the vault's format. Your data was left as it was.")]
    Migration(#[source] rusqlite_migration::Error),

    #[error("Hearth couldn't get secure random numbers from the system.")]
    Random,
}

impl Error {
    /// A stable, machine-readable name for the front end to branch on.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::WrongPassphrase => "wrong_passphrase",
            Error::NoVault => "no_vault",
            Error::VaultExists => "vault_exists",
            Error::VaultTooNew { .. } => "vault_too_new",
            Error::KeyFileMissing => "key_file_missing",
            Error::KeyFileInvalid(_) => "key_file_invalid",
            Error::NotAVault => "not_a_vault",
            Error::VaultInUse => "vault_in_use",
            Error::WeakPassphrase(_) => "weak_passphrase",
            Error::PassphraseMismatch => "passphrase_mismatch",
            Error::InvalidInput(_) => "invalid_input",
            Error::ImportRejected(_) => "import_rejected",
            Error::FileTooLarge { .. } => "file_too_large",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::Migration(_) => "migration",
            Error::Random => "random",
        }
    }

    /// The one way to refuse bad input: `message` is a sentence for the person,
    /// saying what to change, never quoting what they typed.
    pub fn invalid_input(message: impl Into<String>) -> Error {
        Error::InvalidInput(message.into())
    }

    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}

/// A size for people: "64 KB", "50 MB".
fn human_size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB { format!("{} MB", bytes / MB) } else { format!("{} KB", bytes.div_ceil(1024)) }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
            Error::NotAVault
        } else {
            Error::Database(e)
        }
    }
}
