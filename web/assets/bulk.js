// Bulk mode: the queue as a table, a selection decided at once (each item atomically, with its version).
// The refusal reason follows the filter (or what most selected proposals were flagged for) unless chosen.
import { undoWindowMs } from './settings.js';
import { api, qs } from './api.js';
import { $, clear, h, percent, say, timeAgo } from './dom.js';
import { reasonCodes, reasonLabel, t } from './i18n.js';

const state = { items: [], selected: new Set(), reasonChosen: false, ctx: null };

const leasedByOther = (p) => p.lease && p.lease.by !== state.ctx.me && Date.parse(p.lease.expiresAt) > Date.now();
const mainReasonOf = (p) => p.suggestion?.mainReason ?? p.suggestion?.reasons.find((r) => !r.shadow)?.code ?? 'none';

export function bind(ctx) {
  state.ctx = ctx;
  $('bulk-all').addEventListener('change', (e) => {
    state.selected = new Set(e.target.checked ? state.items.filter((p) => !leasedByOther(p)).map((p) => p.id) : []);
    render();
  });
  $('bulk-reason').addEventListener('change', () => { state.reasonChosen = true; });
  $('bulk-accept').addEventListener('click', () => decide('accept').catch(ctx.report));
  $('bulk-reject').addEventListener('click', () => decide('reject', $('bulk-reason').value).catch(ctx.report));
}

export function fillReasons() {
  const keep = $('bulk-reason').value;
  clear($('bulk-reason'), ...reasonCodes().map((code) => h('option', { value: code }, reasonLabel(code))));
  if (keep) $('bulk-reason').value = keep;
}

export async function load(ctx) {
  state.ctx = ctx;
  const page = await api('GET', `/v1/consultations/${ctx.cid}/review/queue${qs({ ...ctx.filters(), limit: 200 })}`);
  state.items = page.items;
  state.selected = new Set([...state.selected].filter((id) => page.items.some((p) => p.id === id)));
  state.reasonChosen = false;
  render();
}

/** The filter's reason, else the main reason most of the selection (or of the list) was flagged for. */
function syncReason() {
  if (state.reasonChosen) return;
  const filtered = $('filter-reason').value;
  if (filtered && filtered !== 'none') { $('bulk-reason').value = filtered; return; }
  const pool = state.selected.size ? state.items.filter((p) => state.selected.has(p.id)) : state.items;
  const tally = new Map();
  for (const p of pool) { const r = mainReasonOf(p); if (r !== 'none') tally.set(r, (tally.get(r) ?? 0) + 1); }
  const top = [...tally].sort((a, b) => b[1] - a[1])[0];
  if (top) $('bulk-reason').value = top[0];
}

export function render() {
  const ctx = state.ctx;
  if (!ctx) return;
  clear($('bulk-rows'), ...state.items.map((p) => {
    const held = leasedByOther(p);
    return h('tr', { class: state.selected.has(p.id) ? 'is-selected' : '' },
      h('td', {}, h('input', {
        type: 'checkbox', 'aria-label': t('bulk.select', { text: p.text.slice(0, 80) }), checked: state.selected.has(p.id), disabled: held,
        onchange: (e) => {
          if (e.target.checked) state.selected.add(p.id); else state.selected.delete(p.id);
          e.target.closest('tr').classList.toggle('is-selected', e.target.checked);
          renderButtons();
        },
      })),
      h('td', { class: 'bulk__text' }, h('span', { lang: ctx.textLang(p) }, p.text), held ? h('span', { class: 'muted small' }, ` — ${t('bulk.held', { who: ctx.who(p.lease.by) })}`) : null,
        p.assignedTo ? h('span', { class: 'muted small' }, ` — ${t('assign.to', { who: ctx.who(p.assignedTo) })}`) : null,
        ...(p.tags ?? []).map((tag) => [' ', h('span', { class: 'tag' }, tag)])),
      h('td', {}, p.suggestion ? `${t(p.suggestion.outcome === 'accept' ? 'sug.accept' : 'sug.reject')} ${percent(p.suggestion.confidence)}` : '—'),
      h('td', {}, reasonLabel(mainReasonOf(p))),
      h('td', { class: 'muted' }, timeAgo(p.createdAt)));
  }));
  if (state.items.length === 0) clear($('bulk-rows'), h('tr', {}, h('td', { colspan: 5, class: 'empty' }, t('bulk.empty'))));
  $('bulk-all').checked = state.items.length > 0 && state.selected.size === state.items.filter((p) => !leasedByOther(p)).length;
  renderButtons();
}

function renderButtons() {
  const n = state.selected.size;
  $('bulk-accept').disabled = n === 0;
  $('bulk-reject').disabled = n === 0;
  $('bulk-accept').textContent = t('bulk.accept', { n });
  $('bulk-reject').textContent = t('bulk.reject', { n });
  syncReason();
}

async function decide(outcome, reason) {
  const ctx = state.ctx;
  const items = state.items.filter((p) => state.selected.has(p.id)).map((p) => ({ id: p.id, expectedVersion: p.version }));
  if (items.length === 0) return;
  const result = await api('POST', `/v1/consultations/${ctx.cid}/review/decisions`, { outcome, items, ...(outcome === 'reject' ? { reason } : {}) });
  const decidedIds = result.results.filter((r) => r.result === 'decided').map((r) => r.id);
  for (const id of decidedIds) ctx.remember(id);
  const skipped = items.length - decidedIds.length;
  say(`${t('bulk.done', { n: decidedIds.length, outcome: outcome === 'accept' ? t('out.accept') : `${t('out.reject')} (${reasonLabel(reason)})` })}` +
    (skipped ? ` ${t('bulk.skipped', { n: skipped })}` : ''));
  state.selected.clear();
  showUndo(decidedIds);
  await Promise.all([load(ctx), ctx.refresh()]);
}

function showUndo(ids) {
  document.getElementById('bulk-undo')?.remove();
  if (ids.length === 0) return;
  const ctx = state.ctx;
  const button = h('button', { type: 'button', class: 'btn btn--secondary', id: 'bulk-undo', 'data-undo-until': Date.now() + undoWindowMs(),
    onclick: async () => {
      button.remove();
      const results = await Promise.allSettled(ids.map((id) => api('POST', `/v1/proposals/${id}/undo`)));
      const undone = ids.filter((_, i) => results[i].status === 'fulfilled');
      ctx.forget(undone);
      say(t('bulk.undone', { n: undone.length }));
      await Promise.all([load(ctx), ctx.refresh()]);
    } }, t('bulk.undo', { n: ids.length }));
  document.querySelector('.bulk__actions').append(button);
}
