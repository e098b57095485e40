// The decision history of the consultation (the audit log, latest first): the proposal's text and the note,
// who decided by name, undo within the window and re-opening after it (the reason goes to the audit log);
// assignments and tag changes are in the log too.
import { undoWindowMs } from './settings.js';
import { api, qs } from './api.js';
import { $, clear, h, shortClock } from './dom.js';
import { reasonLabel, t } from './i18n.js';

const ROWS = 15;

export async function refresh(ctx) {
  if (!ctx.cid) return;
  const { items } = await api('GET', `/v1/consultations/${ctx.cid}/audit${qs({ order: 'desc', limit: ROWS })}`);
  if (items.length === 0) {
    clear($('history-rows'), h('tr', {}, h('td', { colspan: 5, class: 'muted' }, t('history.empty'))));
    return;
  }
  const latest = new Set();
  clear($('history-rows'), ...items.map((e) => {
    const isLatest = !latest.has(e.proposalId);
    latest.add(e.proposalId);
    const decided = e.outcome === 'accept' || e.outcome === 'reject';
    const undoable = isLatest && decided && e.decidedBy === ctx.me && Date.now() - Date.parse(e.decidedAt) < undoWindowMs();
    const action = !isLatest || !decided ? ''
      : undoable ? h('button', { type: 'button', class: 'btn btn--tertiary btn--small', 'data-undo-until': Date.parse(e.decidedAt) + undoWindowMs(),
        onclick: () => ctx.undo(e.proposalId).catch(ctx.report) }, t('history.undo'))
        : h('button', { type: 'button', class: 'btn btn--tertiary btn--small', onclick: () => askReopen(ctx, e.proposalId) }, t('history.reopen'));
    return h('tr', {},
      h('td', {}, shortClock(e.decidedAt)),
      h('td', { class: 'history__text' },
        e.text !== undefined && e.text !== null ? h('span', { lang: ctx.proposalLang() }, e.text) : e.externalId,
        e.note ? h('span', { class: 'history__note' }, t('decided.note', { note: e.note })) : null),
      h('td', {}, h('span', { class: `badge badge--${e.outcome}` }, t(`out.${e.outcome}`)), ` ${whatChanged(ctx, e)}`),
      h('td', {}, ctx.who(e.decidedBy)),
      h('td', {}, action));
  }));
}

/** Beside the badge: the reason of a refusal, whom a proposal was assigned to, the tags it got. */
function whatChanged(ctx, e) {
  if (e.outcome === 'assigned') return `→ ${e.assignedTo ? ctx.who(e.assignedTo) : t('assign.nobody')}`;
  if (e.outcome === 'tagged') return e.tags?.length ? e.tags.join(', ') : '—';
  return e.reason ? reasonLabel(e.reason) : '';
}

/** Undo buttons disappear when their window closes (the service would refuse). */
export function expireUndo() {
  for (const b of document.querySelectorAll('[data-undo-until]')) if (Number(b.dataset.undoUntil) < Date.now()) b.remove();
}

let dialog = null;

/** Asks why (kept in the audit log with the re-opening), then puts the proposal back in review. */
export function askReopen(ctx, id) {
  dialog?.remove();
  const field = h('textarea', { id: 'reopen-note', rows: 3, maxlength: 2000, required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  dialog = h('dialog', { 'aria-labelledby': 'reopen-title', class: 'reopen' },
    h('form', { method: 'dialog', onsubmit: async (e) => {
      e.preventDefault();
      const note = field.value.trim();
      if (!note) { error.textContent = t('history.reopenNote'); field.focus(); return; }
      try {
        await ctx.reopen(id, note);
        dialog.close();
      } catch (err) {
        error.textContent = ctx.describe(err);
      }
    } },
    h('h2', { id: 'reopen-title' }, t('act.reopen')),
    h('label', { for: 'reopen-note' }, t('history.reopenNote')),
    field, error,
    h('p', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn' }, t('history.reopen')),
      h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => dialog.close() }, t('close')))));
  document.body.append(dialog);
  dialog.showModal();
  field.focus();
}
