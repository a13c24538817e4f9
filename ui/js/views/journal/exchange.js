// The journal's export (JSON, Markdown) and import (Hearth, jrnl). Rust shows the
// file dialogs; the window never names a path.

import { api } from '../../api.js';
import { askFirst } from '../../confirm.js';
import { template } from '../../dom.js';

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
      const kind = p.format === 'jrnl' ? 'a jrnl export' : 'a Hearth export';
      summary.textContent = p.new === 0
        ? `“${p.file_name}” is ${kind} with ${p.total} ${p.total === 1 ? 'entry' : 'entries'}, all already in your journal. There is nothing new to add.`
        : `“${p.file_name}” is ${kind} with ${p.total} ${p.total === 1 ? 'entry' : 'entries'}. ${p.new} will be added${p.existing ? `; ${p.existing} you already have will be skipped` : ''}.`;
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
