//! The self-check's commands: the question bank, the draft that survives a lock,
//! completing a check, history, and sharing results with a partner.
//!
//! Export and import are `async`: they show a file dialog. The window never names
//! a path; Rust asks the person (see `dialogs.rs`) and reads or writes the file.

use hearth_core::selfcheck::bank::{self, Bank};
use hearth_core::selfcheck::compare::{self, ComparisonRow};
use hearth_core::selfcheck::helplines::{self, Helplines};
use hearth_core::selfcheck::share::{self, ShareFile};
use hearth_core::selfcheck::store;
use hearth_core::selfcheck::{Answers, Dimension, Insights, Scores, scoring};
use hearth_core::selfcheck::{Draft, PartnerResult, SelfCheck};
use hearth_core::settings;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::with_vault;
use crate::dialogs;
use crate::error::CmdResult;
use crate::state::AppState;

#[derive(Debug, Serialize)]
pub struct DimensionInfo {
    pub id: Dimension,
    pub label: &'static str,
    pub about: &'static str,
}

#[derive(Debug, Serialize)]
pub struct BankView {
    pub bank: &'static Bank,
    pub dimensions: Vec<DimensionInfo>,
    /// "How these numbers are worked out", for the results screen.
    pub how_scored: Vec<String>,
    /// Shown with the safety note.
    pub helplines: &'static Helplines,
}

/// A completed check with what its results screen leads with.
#[derive(Debug, Serialize)]
pub struct ResultView {
    pub check: SelfCheck,
    pub insights: Insights,
}

/// One line of the history: no item answers, just what the trend needs.
#[derive(Debug, Serialize)]
pub struct HistoryEntry {
    pub id: String,
    pub taken_at: String,
    pub bank_version: u32,
    pub scores: Scores,
}

#[derive(Debug, Serialize)]
pub struct PartnerComparison {
    pub partner: PartnerResult,
    /// The person's own check it is compared with (their latest), if any.
    pub mine: Option<HistoryEntry>,
    pub my_name: String,
    pub rows: Vec<ComparisonRow>,
    /// The two checks were taken with different versions of the questions.
    pub versions_differ: bool,
}

fn view(check: SelfCheck) -> ResultView {
    ResultView { insights: check.insights(), check }
}

fn entry(c: SelfCheck) -> HistoryEntry {
    HistoryEntry { id: c.id, taken_at: c.taken_at, bank_version: c.bank_version, scores: c.scores }
}

#[tauri::command]
pub fn selfcheck_bank() -> BankView {
    BankView {
        bank: bank::latest(),
        dimensions: Dimension::ALL
            .into_iter()
            .map(|d| DimensionInfo { id: d, label: d.label(), about: d.about() })
            .collect(),
        how_scored: scoring::explanation(),
        helplines: helplines::helplines(),
    }
}

#[tauri::command]
pub fn selfcheck_draft_get(state: State<'_, AppState>) -> CmdResult<Option<Draft>> {
    with_vault(&state, |v| store::draft(v.conn()))
}

#[tauri::command]
pub fn selfcheck_draft_save(
    state: State<'_, AppState>,
    position: u32,
    answers: Answers,
    warning_signs: Vec<String>,
) -> CmdResult<Draft> {
    with_vault(&state, |v| store::save_draft(v.conn(), position, &answers, &warning_signs))
}

#[tauri::command]
pub fn selfcheck_draft_discard(state: State<'_, AppState>) -> CmdResult<()> {
    with_vault(&state, |v| store::discard_draft(v.conn()))
}

#[tauri::command]
pub fn selfcheck_complete(
    state: State<'_, AppState>,
    answers: Answers,
    warning_signs: Vec<String>,
) -> CmdResult<ResultView> {
    with_vault(&state, |v| store::complete(v.conn_mut(), &answers, &warning_signs)).map(view)
}

/// Every completed check, oldest first.
#[tauri::command]
pub fn selfcheck_history(state: State<'_, AppState>) -> CmdResult<Vec<HistoryEntry>> {
    Ok(with_vault(&state, |v| store::history(v.conn()))?.into_iter().map(entry).collect())
}

#[tauri::command]
pub fn selfcheck_result(state: State<'_, AppState>, id: String) -> CmdResult<Option<ResultView>> {
    Ok(with_vault(&state, |v| store::get(v.conn(), &id))?.map(view))
}

#[tauri::command]
pub fn selfcheck_partner_results(state: State<'_, AppState>) -> CmdResult<Vec<PartnerResult>> {
    with_vault(&state, |v| store::partner_results(v.conn()))
}

/// A partner's results beside the person's latest check.
#[tauri::command]
pub fn selfcheck_partner_compare(
    state: State<'_, AppState>,
    id: String,
) -> CmdResult<Option<PartnerComparison>> {
    with_vault(&state, |v| {
        let Some(partner) = store::partner_result(v.conn(), &id)? else { return Ok(None) };
        let mine = store::history(v.conn())?.pop();
        let rows = mine.as_ref().map(|m| compare::compare(&m.scores, &partner.scores)).unwrap_or_default();
        let my_name = settings::names(v.conn())?.me;
        let versions_differ = mine.as_ref().is_some_and(|m| m.bank_version != partner.bank_version);
        Ok(Some(PartnerComparison { partner, mine: mine.map(entry), my_name, rows, versions_differ }))
    })
}

/// What the share dialog shows before anything is written.
#[derive(Debug, Serialize)]
pub struct ExportDone {
    pub file_name: String,
}

/// What a share file holds, said when the passphrase is asked for.
fn share_about(include_answers: bool) -> String {
    let what = if include_answers {
        "this self-check's scores, your answer to each of its questions and the name you share it under"
    } else {
        "this self-check's scores and the name you share it under"
    };
    format!(
        "This file will hold {what}, as plain text. It is not encrypted: anyone who gets hold of it can read it."
    )
}

/// Writes one check's share file where the person chooses. `None`: cancelled.
/// Refused with `confirm_passphrase` unless the passphrase was given within the
/// last minute.
#[tauri::command(async)]
pub fn selfcheck_export_share<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    display_name: Option<String>,
    include_answers: bool,
) -> CmdResult<Option<ExportDone>> {
    state.ensure_confirmed(&share_about(include_answers))?;
    let file = with_vault(&state, |v| share_file(v, &id, display_name, include_answers))?;
    let suggested = format!("hearth-self-check-{}.json", file.taken_at.get(..10).unwrap_or("results"));
    let filter = ("Hearth self-check", &["json"][..]);
    let saved = dialogs::save_file(
        &app,
        "Share my self-check results",
        &suggested,
        filter,
        file.to_json().as_bytes(),
    )?;
    Ok(saved.map(|file_name| ExportDone { file_name }))
}

/// What sharing check `id` gives the partner, in a file or through the shared space.
fn share_file(
    vault: &hearth_core::Vault,
    id: &str,
    display_name: Option<String>,
    include_answers: bool,
) -> hearth_core::Result<ShareFile> {
    let check = store::get(vault.conn(), id)?
        .ok_or_else(|| hearth_core::Error::invalid_input("That self-check can't be found any more."))?;
    let name = match display_name.filter(|n| !n.trim().is_empty()) {
        Some(n) => n,
        None => settings::names(vault.conn())?.me,
    };
    ShareFile::from_check(&check, &name, include_answers)
}

/// Shares check `id` with the paired partner through the shared space: encrypted
/// end to end, so no plain-text file and no passphrase question. It arrives on
/// their side as a partner result, as a share file would.
#[tauri::command]
pub fn selfcheck_share_paired(
    state: State<'_, AppState>,
    id: String,
    display_name: Option<String>,
    include_answers: bool,
) -> CmdResult<()> {
    state.with_shared(|v, session| {
        let file = share_file(v, &id, display_name, include_answers)?;
        hearth_core::shared::store::share_result(v.conn_mut(), session, &file)
    })
}

/// Reads a partner's share file the person picks, checks it whole and keeps it.
/// `None`: cancelled.
#[tauri::command(async)]
pub fn selfcheck_import_partner<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> CmdResult<Option<PartnerResult>> {
    let Some(path) = dialogs::open_path(
        &app,
        "Open your partner's self-check results",
        &[("Hearth self-check", &["json"])],
    )?
    else {
        return Ok(None);
    };
    let bytes = hearth_core::files::read_bounded(&path, share::MAX_BYTES as u64)?;
    let file = ShareFile::parse(&bytes)?;
    with_vault(&state, |v| store::save_partner(v.conn(), &file)).map(Some)
}
