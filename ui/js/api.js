// The one module that talks to the Rust side. Every command goes through here, and
// failures arrive as { kind, message } (see src-tauri/src/error.rs).

const tauri = window.__TAURI__;

async function call(command, args = {}, options = undefined) {
  try {
    return await tauri.core.invoke(command, args, options);
  } catch (err) {
    if (err && typeof err === 'object' && 'kind' in err) throw err;
    throw { kind: 'internal', message: 'Something unexpected went wrong. Please try again.' };
  }
}

export const api = {
  status: () => call('app_status'),
  strength: (passphrase) => call('passphrase_strength', { passphrase }),
  createVault: (passphrase, confirmation, name = null) => call('create_vault', { passphrase, confirmation, name }),
  // More than one Hearth on one computer: the lock screen's "Whose Hearth is this?".
  chooseHearth: (id) => call('choose_hearth', { id }),
  newHearth: () => call('new_hearth'),
  setHearthName: (name) => call('set_hearth_name', { name }),
  unlock: (passphrase) => call('unlock', { passphrase }),
  lock: () => call('lock'),
  touch: () => call('touch'),
  settings: () => call('get_settings'),
  setAutoLock: (minutes) => call('set_auto_lock', { minutes }),
  names: () => call('get_names'),
  setNames: (me, partner) => call('set_names', { me, partner }),
  backupCreate: () => call('backup_create'),
  backupChoose: () => call('backup_choose'),
  backupRestore: (passphrase) => call('backup_restore', { passphrase }),
  snapshotsDelete: () => call('snapshots_delete'),
  /** Checks the passphrase before a plain-text export (see confirm.js). */
  confirmPassphrase: (passphrase) => call('confirm_passphrase', { passphrase }),
  changePassphrase: (current, next, confirmation) =>
    call('change_passphrase', { current, new: next, confirmation }),
  // The self-check. Export and import show a file dialog on the Rust side; they
  // resolve to null when the person cancels.
  selfcheckBank: () => call('selfcheck_bank'),
  selfcheckDraft: () => call('selfcheck_draft_get'),
  selfcheckSaveDraft: (position, answers, warningSigns) =>
    call('selfcheck_draft_save', { position, answers, warningSigns }),
  selfcheckDiscardDraft: () => call('selfcheck_draft_discard'),
  selfcheckComplete: (answers, warningSigns) => call('selfcheck_complete', { answers, warningSigns }),
  selfcheckHistory: () => call('selfcheck_history'),
  selfcheckResult: (id) => call('selfcheck_result', { id }),
  selfcheckExportShare: (id, displayName, includeAnswers) =>
    call('selfcheck_export_share', { id, displayName, includeAnswers }),
  selfcheckImportPartner: () => call('selfcheck_import_partner'),
  /** Shares a check with the paired partner through the shared space (no file). */
  selfcheckSharePaired: (id, displayName, includeAnswers) =>
    call('selfcheck_share_paired', { id, displayName, includeAnswers }),
  selfcheckPartnerResults: () => call('selfcheck_partner_results'),
  selfcheckPartnerCompare: (id) => call('selfcheck_partner_compare', { id }),
  // The bucket list. Items come back as stored (see hearth_core::bucket::BucketItem).
  /** Labels for every id the list uses, and a new idea's defaults. */
  bucketVocabulary: () => call('bucket_vocabulary'),
  /** Items come with `both_want`, decided in Rust. */
  bucketList: () => call('bucket_list'),
  bucketSave: (id, input) => call('bucket_save', { id, input }),
  bucketDelete: (id) => call('bucket_delete', { id }),
  /** date is YYYY-MM-DD, or null to put the item back among the ideas. */
  bucketPlan: (id, date) => call('bucket_plan', { id, date }),
  bucketMarkDone: (id, date, memory) => call('bucket_mark_done', { id, date, memory }),
  bucketSetInterest: (id, who, interest) => call('bucket_set_interest', { id, who, interest }),
  bucketLinkJournal: (id, entryId) => call('bucket_link_journal', { id, entryId }),
  bucketStarterIdeas: () => call('bucket_starter_ideas'),
  bucketAddStarters: (ids) => call('bucket_add_starters', { ids }),
  bucketPickForUs: () => call('bucket_pick_for_us'),
  bucketRotation: () => call('bucket_rotation'),
  bucketProgress: () => call('bucket_progress'),
  /** The printable list: { title, byline, groups: [{ heading, items: [{ title, done, when, note }] }] }. */
  bucketPrintView: () => call('bucket_print_view'),
  /** Opens the save dialog; resolves to the file name, or null if cancelled. */
  bucketExport: (format, withIdeas = false) => call('bucket_export', { format, withIdeas }),
  /** Opens the open dialog; resolves to what would change, or null if cancelled. */
  bucketImportPreview: () => call('bucket_import_preview'),
  bucketImportApply: () => call('bucket_import_apply'),
  bucketImportCancel: () => call('bucket_import_cancel'),
  // The journal. Entries cross as plain objects; `html` from journalGet and
  // journalRender is sanitised in Rust (see src-tauri/core/src/journal/render.rs).
  journalList: (filter, after, limit = 50) => call('journal_list', { filter, after, limit }),
  journalGet: (id) => call('journal_get', { id }),
  /** Resolves to the entry's row as the list shows it (excerpt made in Rust). */
  journalSave: (entry) => call('journal_save', { entry }),
  /** `tags` with `tag` added, cleaned as saving cleans it. */
  journalAddTag: (tags, tag) => call('journal_add_tag', { tags, tag }),
  journalRender: (body) => call('journal_render', { body }),
  journalDelete: (id) => call('journal_delete', { id }),
  journalTrash: () => call('journal_trash'),
  journalRestore: (id) => call('journal_restore', { id }),
  journalEmptyTrash: () => call('journal_empty_trash'),
  journalSearch: (query, filter, limit = 50) => call('journal_search', { query, filter, limit }),
  journalCalendar: (year, month) => call('journal_calendar', { year, month }),
  journalOnThisDay: () => call('journal_on_this_day'),
  journalTags: (prefix) => call('journal_tags', { prefix }),
  journalPrompt: (skip) => call('journal_prompt', { skip }),
  journalInsights: () => call('journal_insights'),
  /** Rust asks where to save; resolves to { path, count } or null if cancelled. */
  journalExportJson: () => call('journal_export_json'),
  journalExportMarkdown: () => call('journal_export_markdown'),
  /** Rust asks which file; resolves to { file_name, format, total, new, existing } or null. */
  journalImportPreview: () => call('journal_import_preview'),
  journalImportApply: () => call('journal_import_apply'),
  // The print view: titles, dates and tags as text; each entry's `html` made by
  // render.rs, as journalGet's.
  journalPrintEntry: (id) => call('journal_print_entry', { id }),
  journalPrintRange: (from, to) => call('journal_print_range', { from, to }),
  // Photos, in a journal entry (kind 'entry') or a bucket item's memory ('memory').
  /** `bytes` (a Uint8Array) travels as the call's raw body; Rust checks and strips it. */
  photoAdd: (kind, id, bytes) => call('photo_add', bytes, { headers: { 'x-hearth-owner': `${kind}:${id}` } }),
  photoList: (kind, id) => call('photo_list', { kind, id }),
  photoRemove: (id) => call('photo_remove', { id }),
  /**
   * Where the window loads a photo from: Hearth's `hearth-photo` scheme, which reads
   * the open vault (`hearth-photo://localhost/…`, or `http://hearth-photo.localhost/…`
   * on Windows; Tauri's convertFileSrc knows which). `size` is 'thumb' or 'full'.
   */
  photoUrl: (id, size) => tauri.core.convertFileSrc(`${size}-${id}`, 'hearth-photo'),
  /** Pairing and sync: { paired, status, folder, pairing, code, reachable, notices }. */
  sharedStatus: () => call('shared_status'),
  /** Opens the folder dialog; resolves to the view, or null if cancelled. */
  sharedChooseFolder: () => call('shared_choose_folder'),
  sharedOffer: () => call('shared_offer'),
  sharedJoin: (code) => call('shared_join', { code }),
  sharedPoll: () => call('shared_poll'),
  sharedCancel: () => call('shared_cancel'),
  sharedUnpair: () => call('shared_unpair'),
  sharedSyncNow: () => call('shared_sync_now'),
  // Together (see hearth_core::together). An answer or check-in comes back with
  // the other person's text only once both are in: Rust decides, never the window.
  togetherContent: () => call('together_content'),
  togetherOverview: () => call('together_overview'),
  togetherSetOptIns: (on) => call('together_set_opt_ins', { on }),
  /** A fresh question from `deck` (or any deck), asked; null when none are left. */
  togetherNext: (deck) => call('together_next', { deck }),
  togetherAsk: (questionId) => call('together_ask', { questionId }),
  togetherGet: (id) => call('together_get', { id }),
  /** who is 'me' or 'partner'. */
  togetherAnswer: (id, who, text) => call('together_answer', { id, who, text }),
  togetherSkip: (id) => call('together_skip', { id }),
  togetherFavourite: (questionId, on) => call('together_favourite', { questionId, on }),
  togetherHistory: () => call('together_history'),
  togetherCheckinSave: (who, answers) => call('together_checkin_save', { who, answers }),
  togetherCheckins: () => call('together_checkins'),
  togetherNoteAdd: (author, text) => call('together_note_add', { author, text }),
  togetherNotes: () => call('together_notes'),
  togetherCare: () => call('together_care'),
  togetherCareSet: (person, item, level, note) => call('together_care_set', { person, item, level, note }),
  togetherSearch: (query) => call('together_search', { query }),
  /** format: 'markdown' or 'json'. Rust asks where; resolves to the file name or null. */
  togetherExport: (format) => call('together_export', { format }),
  /** Home: names, next date, whose turn, check-in, a question for tonight, on this day. */
  homeOverview: () => call('home_overview'),
  /** Locks the vault and closes Hearth. */
  quit: () => call('quit'),
  /** Calls `handler` when the vault locks itself (idle). Returns an unlisten function. */
  onLocked: (handler) => tauri.event.listen('vault-locked', handler),
  /** Calls `handler` when the person closes the window while the vault is open. */
  /** Calls `handler` when a round of sync changed something. Resolves to an unlisten function. */
  onShared: (handler) => tauri.event.listen('shared-changed', handler),
  onCloseRequested: (handler) => tauri.event.listen('close-requested', handler),
};
