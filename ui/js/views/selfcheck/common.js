// What the self-check's pages share: the question bank (Hearth's own text, not
// vault content, so fetched once and kept), and small helpers over it.

import { api } from '../../api.js';
import { allSections } from '../../sections.js';

export let bank = null; // { bank, dimensions: [{ id, label, about }] }

export async function loadBank() {
  bank ??= await api.selfcheckBank();
}

export const label = (id) => bank.dimensions.find((d) => d.id === id)?.label ?? id;
export const dimBank = (id) => bank.bank.dimensions.find((d) => d.id === id);
export const dateText = (iso) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
export const hasSection = (id) => allSections().some((s) => s.id === id);
export const safetyPage = () => (bank.bank.safety ? bank.bank.dimensions.length : -1);
// The areas, then the safety questions (bank v2 on), then the "Lately" page.
export const pageCount = () => bank.bank.dimensions.length + (bank.bank.safety ? 1 : 0) + 1;
export const labelsFor = (item) => bank.bank.scales[item.scale] ?? bank.bank.scales.agree;
// Two answers (now and wish) per item, one per safety question.
export const totalQuestions = () => bank.bank.dimensions.reduce((n, d) => n + d.items.length, 0) * 2
  + (bank.bank.safety?.items.length ?? 0);

export function countAnswered(answers) {
  return Object.values(answers).reduce((n, a) => n + (a.not_applicable ? 2 : (a.now != null) + (a.wish != null)), 0);
}

/** Saves the check in progress as the draft, if there is one. */
export async function saveNow(sc) {
  if (!sc.take) return;
  await api.selfcheckSaveDraft(sc.take.position, sc.take.answers, sc.take.warning_signs);
}
