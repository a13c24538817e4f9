// The journal's export (JSON, Markdown), printing of a range of days, and import
// (Hearth, jrnl, Day One, Mini Diary, Mini Diarium: Rust tells them apart). Rust
// shows the file dialogs; the window never names a path.

import { api } from '../../api.js';
import { askFirst } from '../../confirm.js';
import { template } from '../../dom.js';
import { localInputValue } from './rows.js';
import { printView } from './print.js';

export async function showExchange(j) {
  await j.closeEditor();
  j.markCurrent(null);
  const { main, life } = j;
  main.replaceChildren(template('journal-exchange'));
  const q = (s) => main.querySelector(s);
  const exportResult = q('[data-export-result]');
  const exportError = q('[data-export-error]');
  for (const b of main.querySelectorAll('[data-export]')) b.addEventListener('click', async () => {
    exportResult.textContent = '';
    exportError.textContent = '';
    b.disabled = true;
    try {
      const done = await life.guard(askFirst(b.dataset.export === 'json' ? api.journalExportJson : api.journalExportMarkdown, b));
      if (done) exportResult.textContent = `Exported ${done.count} ${done.count === 1 ? 'entry' : 'entries'} to ${done.path}`;
    } catch (err) { exportError.textContent = err.message; }
    b.disabled = false;
  });
  const range = q('[data-print-range]');
  const from = q('[data-print-from]');
  const to = q('[data-print-to]');
  const printError = q('[data-print-error]');
  // The last month up to today, to start from.
  const today = localInputValue().slice(0, 10);
  const monthAgo = new Date();
  monthAgo.setMonth(monthAgo.getMonth() - 1);
  from.value = localInputValue(monthAgo).slice(0, 10);
  to.value = today;
  range.addEventListener('submit', async (e) => {
    e.preventDefault();
    printError.textContent = '';
    if (!from.value || !to.value) {
      printError.textContent = 'Choose both days first.';
      (from.value ? to : from).focus();
      return;
    }
    try {
      printView(j, await life.guard(api.journalPrintRange(from.value, to.value)));
    } catch (err) { printError.textContent = err.message; }
  });
  const preview = q('[data-import-preview]');
  const summary = q('[data-import-summary]');
  const apply = q('[data-import-apply]');
  const importResult = q('[data-import-result]');
  const importError = q('[data-import-error]');
  q('[data-import]').addEventListener('click', async () => {
    importResult.textContent = '';
    importError.textContent = '';
    preview.hidden = true;
    try {
      const p = await life.guard(api.journalImportPreview());
      if (!p) return;
      const kind = p.kind;
      const entries = `${p.total} ${p.total === 1 ? 'entry' : 'entries'}`;
      const photos = p.left_out
        ? ` ${p.left_out === 1 ? 'One attachment' : `${p.left_out} attachments`} Hearth can't keep (videos, recordings, PDFs, or photos it can't read, such as HEIC) ${p.left_out === 1 ? 'stays' : 'stay'} behind; each entry says where one was. Photos Hearth can read come along, without their location.`
        : '';
      summary.textContent = (p.new === 0
        ? `“${p.file_name}” is ${kind} with ${entries}, all already in your journal. There is nothing new to add.`
        : `“${p.file_name}” is ${kind} with ${entries}. ${p.new} will be added${p.existing ? `; ${p.existing} you already have will be skipped` : ''}.`) + photos;
      apply.textContent = `Add ${p.new} ${p.new === 1 ? 'entry' : 'entries'}`;
      apply.hidden = p.new === 0;
      preview.hidden = false;
      (p.new ? apply : q('[data-import-cancel]')).focus();
    } catch (err) { importError.textContent = err.message; }
  });
  q('[data-import-cancel]').addEventListener('click', () => { preview.hidden = true; });
  apply.addEventListener('click', async () => {
    apply.disabled = true;
    try {
      const r = await life.guard(api.journalImportApply());
      importResult.textContent = `Added ${r.added} ${r.added === 1 ? 'entry' : 'entries'}${r.skipped ? ` (${r.skipped} already there)` : ''}.`;
      preview.hidden = true;
      j.refreshSide();
    } catch (err) { importError.textContent = err.message; }
    apply.disabled = false;
  });
}
