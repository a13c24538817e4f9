//! What the front end receives when a command fails.
//!
//! Serialised as `{ "kind": "...", "message": "...", "retry_after_secs"?: n }`.
//! `kind` is stable and machine-readable (the core's `Error::kind`, plus `locked`,
//! `throttled` and `confirm_passphrase` from the shell); `message` is a sentence for the person, never
//! SQL text, a passphrase or anything they wrote.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub kind: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

impl CommandError {
    pub fn locked() -> Self {
        CommandError {
            kind: "locked",
            message: "Hearth is locked. Unlock it to go on.".into(),
            retry_after_secs: None,
        }
    }

    /// A plain-text export wants the passphrase first; `about` says what its file
    /// will hold and that it is not encrypted, for the window's question.
    pub fn confirm_passphrase(about: &str) -> Self {
        CommandError { kind: "confirm_passphrase", message: about.into(), retry_after_secs: None }
    }

    pub fn throttled(secs: u64) -> Self {
        CommandError {
            kind: "throttled",
            message: format!(
                "Too many tries in a row. Please wait {secs} second{} before trying again.",
                if secs == 1 { "" } else { "s" }
            ),
            retry_after_secs: Some(secs),
        }
    }
}

impl From<hearth_core::Error> for CommandError {
    fn from(e: hearth_core::Error) -> Self {
        // Only the kind is logged: messages are for the person, and nothing from the
        // vault belongs in a log.
        if matches!(
            e,
            hearth_core::Error::Database(_)
                | hearth_core::Error::Migration(_)
                | hearth_core::Error::Io { .. }
        ) {
            eprintln!("hearth: command failed: {}", e.kind());
        }
        CommandError { kind: e.kind(), message: e.to_string(), retry_after_secs: None }
    }
}

pub type CmdResult<T> = Result<T, CommandError>;
