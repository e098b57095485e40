// The moderator workspace: one proposal at a time with one-key actions. Bulk mode is bulk.js, the decision
// history history.js, the panels beside the proposal panel-*.js (each registers itself in panels.js).
import { undoWindowMs } from './settings.js';
import { api, ApiError, qs } from './api.js';
import { $, clear, clock, h, highlighted, percent, quotedTerms, say, timeAgo } from './dom.js';
import { describe, isConflict, isUnreachable } from './errors.js';
import { currentLang, languageName, onLangChange, reasonCodes, reasonLabel, t } from './i18n.js';
import { renderPanels } from './panels.js';
import { assignable, loadPeople, who } from './people.js';
import { bindShortcuts } from './shortcuts.js';
import { reportsNote } from './appeals.js';
import * as bulk from './bulk.js';
import * as history from './history.js';
import './panel-similar.js';
import './panel-author.js';

/** While offline, a renewal is retried this often. */
const RETRY_RENEW_MS = 5_000;
/** Live updates: the page long-polls the queue's changes (the service answers as soon as something changes, at the
 * latest after LIVE_WAIT_S) and then refreshes counts, history and an empty queue — at most once per
 * LIVE_MIN_GAP_MS, so a busy queue costs a few requests a second at worst; after a failure it waits LIVE_RETRY_MS. */
const LIVE_WAIT_S = 20;
const LIVE_MIN_GAP_MS = 1_000;
const LIVE_RETRY_MS = 5_000;
/** r then this key rejects with the reason (in the order of the reason codes; 0 is the tenth, o the eleventh). */
const REASON_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'o'];

const state = {
  me: null,
  cid: null,
  consultation: null,
  /** ids shown in this session, in order, and the position of the one on screen (seen.length = none) */
  seen: [],
  pos: 0,
  items: new Map(),
  /** skipped proposals: "next" does not offer them again */
  exclude: new Set(),
  /** my decisions of this session, latest last: what u undoes */
  mine: [],
  rejecting: false,
  bulk: false,
  busy: false,
  renewing: false,
  loading: null,
  empty: false,
  lastTotal: null,
  timers: [],
  /** the generation of the live-update loop: a new one (another session) ends the previous */
  watching: 0,
  report: (err) => { throw err; },
};
let bound = false;

export const reasonKeys = () => reasonCodes().map((code, i) => [REASON_KEYS[i], code]).filter(([key]) => key);
/** The reason `r` `Entrée` files: the one the service names for the suggestion (toxic before a missing prefix…). */
export const mainReason = (item) => item?.suggestion?.mainReason ?? item?.suggestion?.reasons.find((r) => !r.shadow)?.code ?? null;

/** What panels, history and bulk mode share with the workspace. */
const ctx = {
  get cid() { return state.cid; },
  get me() { return state.me; },
  get consultation() { return state.consultation; },
  who: (id) => who(id, state.me),
  describe,
  report: (err) => state.report(err),
  mine: () => state.mine,
  remember: (id) => state.mine.push({ id, at: Date.now() }),
  forget: (ids) => { state.mine = state.mine.filter((d) => !ids.includes(d.id)); },
  refresh: () => refreshLive(),
  open: (id) => openProposal(id),
  undo: (id) => undo(id),
  reopen: (id, note) => reopen(id, note),
  filters: () => filters(),
  proposalLang: () => state.consultation?.language ?? 'fr',
  /** The language a proposal's text is written in: its consultation's, unless the language check found another one
   * (a screen reader then reads a French text in a German consultation with a French voice). */
  textLang: (item) => item.suggestion?.reasons.find((r) => r.code === 'wrong_language' && r.language && !r.shadow)?.language
    ?? ctx.proposalLang(),
};

export async function startModeration(session, consultations, report) {
  stopModeration();
  state.me = session.principal.id;
  state.report = report;
  const select = $('consultation');
  clear(select, ...consultations.map((id) => h('option', { value: id }, id)));
  const remembered = localStorage.getItem('consultation');
  state.cid = consultations.includes(remembered) ? remembered : consultations[0] ?? null;
  if (state.cid) select.value = state.cid;
  if (!bound) bind();
  fillFilters();
  state.timers.push(setInterval(tick, 1000));
  watchQueue(++state.watching).catch(quiet);
  await loadPeople().catch(quiet);
  await reload();
}

export function stopModeration() {
  state.watching++;
  for (const t of state.timers) clearInterval(t);
  state.timers = [];
  // nothing of a previous session stays on screen for the next one
  for (const id of ['current', 'side-panels', 'history-rows', 'queue-reasons', 'queue-summary', 'bulk-rows']) clear($(id));
  state.items.clear();
  state.mine = [];
}

/** Background refreshes fail quietly: the next one retries, and the lease line says when the link is down. */
const quiet = () => undefined;

function bind() {
  bound = true;
  $('consultation').addEventListener('change', (e) => {
    state.cid = e.target.value;
    localStorage.setItem('consultation', state.cid);
    reload().catch(ctx.report);
  });
  for (const id of ['filter-reason', 'filter-suggestion', 'filter-sort', 'filter-assigned']) $(id).addEventListener('change', () => reload().catch(ctx.report));
  $('search-form').addEventListener('submit', (e) => { e.preventDefault(); reload().catch(ctx.report); });
  $('mode-single').addEventListener('click', () => setBulk(false).catch(ctx.report));
  $('mode-bulk').addEventListener('click', () => setBulk(true).catch(ctx.report));
  bulk.bind(ctx);
  bindShortcuts({ active: () => !$('moderation-view').hidden && !state.bulk, handle: onKey, leaveField: () => $('current').focus({ preventScroll: true }) });
  window.addEventListener('online', () => { renewLease().catch(ctx.report); refreshLive().catch(quiet); });
  window.addEventListener('offline', () => { const item = current(); if (item?.lease) { item.trouble ??= Date.now(); renderLease(item); } });
  // Closing the page gives the proposal back at once instead of when its lease expires.
  window.addEventListener('pagehide', () => {
    const item = current();
    if (item?.status === 'pending_review' && item.lease?.by === state.me) {
      api('DELETE', `/v1/proposals/${item.id}/lease`, undefined, { keepalive: true }).catch(quiet);
    }
  });
  onLangChange(() => {
    if ($('moderation-view').hidden) return;
    fillFilters();
    if (state.bulk) bulk.render(); else render();
    refreshCounts().catch(quiet);
    history.refresh(ctx).catch(quiet);
  });
}

function fillFilters() {
  const keep = (id) => $(id).value;
  const reason = keep('filter-reason');
  clear($('filter-reason'), h('option', { value: '' }, t('f.all')),
    ...reasonCodes().map((code) => h('option', { value: code }, reasonLabel(code))), h('option', { value: 'none' }, reasonLabel('none')));
  $('filter-reason').value = reason;
  const suggestion = keep('filter-suggestion');
  clear($('filter-suggestion'), h('option', { value: '' }, t('f.allF')), h('option', { value: 'accept' }, t('sug.accept')), h('option', { value: 'reject' }, t('sug.reject')));
  $('filter-suggestion').value = suggestion;
  const sort = keep('filter-sort') || 'oldest';
  clear($('filter-sort'), ...['oldest', 'newest', 'reject', 'accept'].map((s) => h('option', { value: s }, t(`sort.${s}`))));
  $('filter-sort').value = sort;
  const assigned = keep('filter-assigned');
  clear($('filter-assigned'), h('option', { value: '' }, t('f.allF')), h('option', { value: 'me' }, t('f.assignedMe')), h('option', { value: 'none' }, t('f.assignedNone')));
  $('filter-assigned').value = assigned;
  bulk.fillReasons();
}

export function filters() {
  const f = {};
  if ($('filter-reason').value) f.reason = $('filter-reason').value;
  if ($('filter-suggestion').value) f.suggestion = $('filter-suggestion').value;
  if ($('filter-sort').value && $('filter-sort').value !== 'oldest') f.sort = $('filter-sort').value;
  const q = $('filter-q').value.trim();
  if (q) f.q = q;
  const assigned = $('filter-assigned').value;
  if (assigned) f.assignedTo = assigned === 'me' ? state.me : 'none';
  const tag = $('filter-tag').value.trim();
  if (tag) f.tag = tag;
  return f;
}

const current = () => state.items.get(state.seen[state.pos]);

/** Reloads the queue for the current filters, after any reload under way (two quick filter changes must not
 * race); a key pressed meanwhile acts once it is done (state.loading). */
function reload() {
  const run = Promise.resolve(state.loading).catch(() => undefined).then(load);
  const tracked = run.finally(() => { if (state.loading === tracked) state.loading = null; });
  tracked.catch(() => undefined); // the caller reports the failure of `run`
  state.loading = tracked;
  return run;
}

async function load() {
  if (!state.cid) {
    clear($('current'), h('p', { class: 'empty' }, t('current.noConsultation')));
    return;
  }
  $('export-csv').href = `/v1/consultations/${encodeURIComponent(state.cid)}/audit.csv`;
  if (state.consultation?.id !== state.cid) state.consultation = await api('GET', `/v1/consultations/${encodeURIComponent(state.cid)}`);
  // new filters or order: the proposal held so far goes back, so "next" follows them (a page reload keeps it)
  const held = current();
  if (held?.status === 'pending_review' && held.lease?.by === state.me) await api('DELETE', `/v1/proposals/${held.id}/lease`).catch(quiet);
  state.seen = [];
  state.pos = 0;
  state.exclude.clear();
  state.rejecting = false;
  await Promise.all([refreshCounts(), history.refresh(ctx), state.bulk ? bulk.load(ctx) : loadNext()]);
}

async function setBulk(on) {
  state.bulk = on;
  $('mode-single').setAttribute('aria-pressed', String(!on));
  $('mode-bulk').setAttribute('aria-pressed', String(on));
  $('single-view').hidden = on;
  $('bulk-view').hidden = !on;
  $('side-panels').hidden = on;
  const item = current();
  if (on && item?.status === 'pending_review') await api('DELETE', `/v1/proposals/${item.id}/lease`).catch(quiet);
  await reload();
}

// ---- one at a time ----

async function loadNext() {
  const { item } = await api('POST', `/v1/consultations/${state.cid}/review/next`, { exclude: [...state.exclude].slice(-500), filters: filters() });
  if (!item) {
    state.pos = state.seen.length;
    state.empty = true;
    renderEmpty();
    return null;
  }
  state.empty = false;
  state.items.set(item.id, { ...item, confirmedAt: Date.now() });
  state.seen.push(item.id);
  state.pos = state.seen.length - 1;
  render();
  return item;
}

/** Shows a proposal seen before (or one opened from the history), re-read and leased again if still in review. */
async function showAt(pos) {
  state.pos = pos;
  state.rejecting = false;
  const id = state.seen[pos];
  // as the workspace shows it wherever it is in the queue: who holds it, its assignee and tags (saving tags
  // replaces them all), its similar proposals' decisions
  const fresh = await api('GET', `/v1/proposals/${encodeURIComponent(id)}/review`);
  const item = { ...state.items.get(id), ...fresh, lease: null, heldBy: null, trouble: null };
  if (item.status === 'pending_review') {
    try {
      item.lease = await api('POST', `/v1/proposals/${id}/lease`, {});
      item.confirmedAt = Date.now();
    } catch (err) {
      if (!(isConflict(err) && err.problem)) throw err;
      item.heldBy = fresh.lease ?? { by: '?', expiresAt: new Date().toISOString() };
    }
  }
  state.items.set(id, item);
  render();
}

async function openProposal(id) {
  if (state.bulk) await setBulk(false);
  const at = state.seen.indexOf(id);
  if (at >= 0) return showAt(at);
  state.seen.push(id);
  return showAt(state.seen.length - 1);
}

async function forward() {
  if (state.pos < state.seen.length - 1) await showAt(state.pos + 1);
  else await loadNext();
}

async function skip() {
  const item = current();
  if (!item) return;
  state.exclude.add(item.id);
  if (item.status === 'pending_review' && item.lease?.by === state.me) await api('DELETE', `/v1/proposals/${item.id}/lease`);
  await forward();
  announceNext(t('said.skipped'));
}

async function previous() {
  if (state.pos > 0) await showAt(state.pos - 1);
}

/** After a decision, a screen reader hears what happened and then the proposal now on screen. */
function announceNext(what) {
  const next = current();
  say(what, 'info', { spoken: next && !state.empty ? t('said.next', { text: next.text }) : t('said.empty') });
}

async function decide(outcome, reason = null) {
  const item = current();
  if (!item || item.status !== 'pending_review' || state.busy || item.heldBy) return;
  state.busy = true;
  state.rejecting = false;
  const note = $('note')?.value.trim();
  try {
    const updated = await api('POST', `/v1/proposals/${item.id}/decision`, {
      outcome, expectedVersion: item.version, ...(reason ? { reason } : {}), ...(note ? { note } : {}),
    });
    state.items.set(item.id, { ...item, ...updated, similar: item.similar, lease: null });
    ctx.remember(item.id);
    await forward();
    announceNext(outcome === 'accept' ? t('said.accepted') : t('said.rejected', { reason: reasonLabel(reason) }));
  } catch (err) {
    if (!isConflict(err)) {
      render();
      throw err;
    }
    state.exclude.add(item.id);
    await forward();
    say(t('said.changed'), 'error');
  } finally {
    state.busy = false;
    refreshCounts().catch(quiet);
    history.refresh(ctx).catch(quiet);
  }
}

export async function undo(id) {
  try {
    await api('POST', `/v1/proposals/${id}/undo`);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 409 || err.status === 403)) {
      say(t(err.status === 403 ? 'err.undoOther' : 'err.undoLate'), 'error');
      return;
    }
    throw err;
  }
  ctx.forget([id]);
  await backInReview(id);
  say(t('said.undone'));
}

/** Re-opens a decision after the undo window (any moderator; the reason is kept in the audit log). */
export async function reopen(id, note) {
  await api('POST', `/v1/proposals/${id}/reopen`, { note });
  await backInReview(id);
  say(t('said.reopened'));
}

/** Undone or re-opened (from the page, the history or bulk mode): back in review, leased to this moderator; read
 * as the workspace shows it (its assignee and tags: saving tags replaces them all). */
async function backInReview(id) {
  state.exclude.delete(id);
  const fresh = await api('GET', `/v1/proposals/${encodeURIComponent(id)}/review`);
  state.items.set(id, { ...state.items.get(id), ...fresh, confirmedAt: Date.now(), heldBy: null, trouble: null });
  if (!state.seen.includes(id)) state.seen.push(id);
  if (!state.bulk) {
    state.pos = state.seen.indexOf(id);
    state.empty = false;
    render();
    renewLease().catch(ctx.report);
  }
  await Promise.all([refreshCounts(), history.refresh(ctx), state.bulk ? bulk.load(ctx) : null]);
}

async function undoLast() {
  const last = state.mine.at(-1);
  if (last && Date.now() - last.at < undoWindowMs()) await undo(last.id);
  else say(t('said.nothingToUndo'), 'error');
}

/** Renews the lease; when the link is down the lease line says since when, and says the truth once it expired.
 * A decision under way ends the lease anyway; and an answer that comes once the page has moved on (the proposal
 * decided or skipped meanwhile) is about a proposal no longer on screen: a 409 for our own decision is no lost
 * lease, and must not move the page on a second time. */
async function renewLease() {
  const item = current();
  if (state.bulk || state.renewing || state.busy || !item || item.status !== 'pending_review' || item.lease?.by !== state.me) return;
  state.renewing = true;
  item.triedAt = Date.now();
  const movedOn = () => state.busy || current() !== item;
  try {
    const lease = await api('POST', `/v1/proposals/${item.id}/lease`, {});
    if (movedOn()) return;
    item.lease = lease;
    item.confirmedAt = Date.now();
    item.trouble = null;
    renderLease(item);
  } catch (err) {
    if (movedOn()) return;
    if (isUnreachable(err) || (err instanceof ApiError && err.status >= 500)) {
      item.trouble ??= Date.now();
      renderLease(item);
      return;
    }
    if (isConflict(err)) {
      state.exclude.add(item.id);
      await forward();
      say(t('lease.lost'), 'error');
      return;
    }
    throw err;
  } finally {
    state.renewing = false;
  }
}

/** Renews when half the lease is left (every minute for the default two minutes), retries every few seconds
 * while the link is down. */
function leaseDue(item) {
  if (!item?.lease || item.lease.by !== state.me || item.status !== 'pending_review') return false;
  if (item.trouble) return Date.now() - (item.triedAt ?? 0) >= RETRY_RENEW_MS;
  const until = Date.parse(item.lease.expiresAt);
  return until - Date.now() < (until - (item.confirmedAt ?? Date.now())) / 2;
}

function tick() {
  const item = current();
  if (item && !state.bulk) {
    if (leaseDue(item)) renewLease().catch(ctx.report);
    renderLease(item);
  }
  history.expireUndo();
}

function onKey(e) {
  if (state.rejecting) {
    const picked = reasonKeys().find(([key]) => key === e.key.toLowerCase());
    const suggested = mainReason(current());
    if (picked) decide('reject', picked[1]).catch(ctx.report);
    else if (e.key === 'Enter' && suggested) decide('reject', suggested).catch(ctx.report);
    else if (e.key === 'Escape') { state.rejecting = false; render(); }
    else return;
    e.preventDefault();
    return;
  }
  const actions = {
    a: () => decide('accept'),
    r: () => openReject(),
    s: () => skip(),
    j: () => (state.pos < state.seen.length - 1 ? showAt(state.pos + 1) : skip()),
    k: () => previous(),
    u: () => undoLast(),
    n: () => { $('note')?.closest('details')?.setAttribute('open', ''); $('note')?.focus(); },
  };
  const action = actions[e.key];
  if (!action) return;
  e.preventDefault();
  Promise.resolve(state.loading).catch(() => undefined).then(action).catch(ctx.report);
}

function openReject() {
  const item = current();
  if (!item || item.status !== 'pending_review' || item.heldBy) return;
  state.rejecting = true;
  render();
}

// ---- rendering ----

function renderEmpty() {
  clear($('current'), h('div', { class: 'empty' },
    h('p', { class: 'empty__title' }, t('empty.title')),
    h('p', {}, Object.keys(filters()).filter((k) => k !== 'sort').length ? t('empty.filtered') : t('empty.done')),
    h('p', { class: 'muted small' }, t('empty.watch')),
    state.seen.length ? h('p', {}, t('empty.back')) : null));
  renderPanels($('side-panels'), null, ctx);
}

function render() {
  const item = current();
  if (!item) return renderEmpty();
  const terms = (item.suggestion?.reasons ?? []).flatMap((r) => quotedTerms(r.detail));
  const decided = item.status === 'accepted' || item.status === 'rejected';
  const canUndo = decided && item.decision?.decidedBy === state.me && state.mine.some((d) => d.id === item.id && Date.now() - d.at < undoWindowMs());
  const lang = ctx.textLang(item);
  clear($('current'),
    h('p', { class: 'meta' }, t('current.meta', { ago: timeAgo(item.createdAt), n: state.pos + 1 }),
      lang !== document.documentElement.lang ? ` · ${t('current.langOf', { lang: languageName(lang) })}` : ''),
    h('blockquote', { class: 'proposal', lang, id: 'proposal-text' }, ...highlighted(item.text, terms)),
    h('p', { class: 'lease', id: 'lease-line' }),
    reportsNote(item, ctx.proposalLang()),
    decided ? decisionBlock(item, canUndo) : null,
    item.status === 'pending_review' && !item.heldBy ? actionsBlock(item) : null,
    suggestionBlock(item.suggestion),
    item.status === 'pending_review' ? workBlock(item) : null,
    navBlock());
  renderLease(item);
  renderPanels($('side-panels'), item, ctx);
  keepInView();
  if (state.rejecting) {
    // the menu sits right under the buttons: focusing it must not scroll the proposal away. Without a suggested
    // reason the menu itself takes the focus, not its first button: Entrée would file "Trop courte" for anything
    const menu = document.querySelector('.reject-menu');
    (menu?.querySelector('.is-suggested') ?? menu)?.focus({ preventScroll: true });
    if (menu && menu.getBoundingClientRect().bottom > window.innerHeight) menu.scrollIntoView({ block: 'nearest' });
  }
}

/** A new proposal is shown where the moderator looks: if its text is off screen (scrolled to the history), come back. */
function keepInView() {
  const text = $('proposal-text');
  const box = text?.getBoundingClientRect();
  if (box && (box.top < 0 || box.bottom > window.innerHeight)) $('single-view').scrollIntoView({ block: 'start' });
}

function decisionBlock(item, canUndo) {
  const d = item.decision;
  return h('div', { class: 'decided' },
    h('p', { class: `badge badge--${item.status}` },
      `${t(`st.${item.status}`)}${d?.reason ? ` : ${reasonLabel(d.reason)}` : ''}`),
    d ? h('span', { class: 'decided__by' }, ` ${t('decided.by', { who: ctx.who(d.decidedBy) })}`) : null,
    d?.note ? h('p', { class: 'note-shown' }, t('decided.note', { note: d.note })) : null,
    canUndo ? h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => undo(item.id).catch(ctx.report) }, t('act.undo'))
      : h('button', { type: 'button', class: 'btn btn--tertiary', onclick: () => history.askReopen(ctx, item.id) }, t('act.reopen')));
}

function renderLease(item) {
  const line = $('lease-line');
  if (!line) return;
  line.dataset.kind = '';
  if (item.heldBy) {
    line.textContent = t('lease.other', { who: ctx.who(item.heldBy.by), time: clock(item.heldBy.expiresAt) });
  } else if (item.lease?.by === state.me && item.status === 'pending_review') {
    const until = Date.parse(item.lease.expiresAt);
    if (item.trouble && Date.now() >= until) {
      line.textContent = t('lease.expired', { time: clock(item.lease.expiresAt) });
      line.dataset.kind = 'error';
    } else if (item.trouble) {
      line.textContent = t('lease.unconfirmed', { time: clock(new Date(item.trouble).toISOString()), until: clock(item.lease.expiresAt) });
      line.dataset.kind = 'error';
    } else {
      line.textContent = t('lease.mine', { time: clock(item.lease.expiresAt) });
    }
  } else line.textContent = '';
}

/** The evidence, for people: one line per reason (two checks reporting the same reason — the off-topic model and
 * the conversational style — share its line, strongest finding first), its words highlighted in the text; no
 * check ids, model versions or raw statistics. */
function suggestionBlock(s) {
  if (!s) return h('section', { class: 'suggestion' }, h('h3', {}, t('sug.pending')));
  const main = mainReason({ suggestion: s });
  const stronger = (a, b) => (a.shadow && !b.shadow) || (!!a.shadow === !!b.shadow && b.score > a.score);
  const byCode = new Map();
  for (const r of s.reasons) {
    const known = byCode.get(r.code);
    if (!known) byCode.set(r.code, { ...r, details: [r.detail] });
    else if (stronger(known, r)) byCode.set(r.code, { ...r, details: [r.detail, ...known.details] });
    else known.details.push(r.detail);
  }
  const reasons = [...byCode.values()].sort((a, b) => (a.code === main ? -1 : b.code === main ? 1 : (a.shadow ? 1 : 0) - (b.shadow ? 1 : 0) || b.score - a.score));
  return h('section', { class: `suggestion suggestion--${s.outcome}`, 'aria-labelledby': 'suggestion-title' },
    h('h3', { id: 'suggestion-title' }, t('sug.title'), ' ',
      h('strong', {}, s.outcome === 'accept' ? t('sug.acceptFull') : t('sug.rejectFull', { reason: reasonLabel(main ?? 'other') })),
      h('span', { class: 'muted' }, ` — ${t('sug.confidence', { p: percent(s.confidence) })}`)),
    reasons.length === 0 ? h('p', { class: 'muted' }, t('sug.none')) :
      h('ul', { class: 'reasons' }, ...reasons.map((r) => h('li', { class: r.shadow ? 'reason reason--shadow' : 'reason' },
        h('span', { class: 'reason__label' }, reasonLabel(r.code)),
        h('span', { class: 'reason__score' }, t('sug.strength', { p: percent(r.score) })),
        // the checks write their details in the consultation's language (the proposal's), not the page's
        h('span', { class: 'reason__detail', lang: ctx.proposalLang() }, r.details.map(humanDetail).join(ctx.proposalLang() === 'fr' ? ' ; ' : '; '),
          r.shadow ? h('span', { class: 'muted small', lang: currentLang() }, ` ${t('sug.observing')}`) : null)))));
}

/** A detail ending with a dangling colon (nothing quoted after it) reads as cut: drop the colon. */
const humanDetail = (detail) => detail.replace(/\s*:\s*$/, '');

function actionsBlock(item) {
  const suggested = mainReason(item);
  return h('div', { class: 'decide' },
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn--accept', onclick: () => decide('accept').catch(ctx.report) }, h('kbd', {}, 'a'), ` ${t('act.accept')}`),
      h('button', { type: 'button', class: 'btn btn--reject', 'aria-expanded': String(state.rejecting), 'aria-controls': 'reject-menu', onclick: openReject }, h('kbd', {}, 'r'), ` ${t('act.reject')}`),
      h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => skip().catch(ctx.report) }, h('kbd', {}, 's'), ` ${t('act.skip')}`)),
    state.rejecting ? h('div', { class: 'reject-menu', id: 'reject-menu', role: 'group', 'aria-labelledby': 'reject-title', tabindex: '-1' },
      h('p', { id: 'reject-title' }, h('strong', {}, t('reject.title')), ' — ',
        suggested ? t('reject.help', { reason: reasonLabel(suggested) }) : t('reject.helpNone')),
      h('ul', {}, ...reasonKeys().map(([key, code]) => h('li', {},
        h('button', { type: 'button', class: code === suggested ? 'btn btn--tertiary is-suggested' : 'btn btn--tertiary', onclick: () => decide('reject', code).catch(ctx.report) },
          h('kbd', {}, key), ` ${reasonLabel(code)}`, code === suggested ? h('span', { class: 'small' }, ` (${t('reject.suggested')})`) : null))))) : null,
    h('details', { class: 'note', open: item.noteDraft ? true : undefined },
      h('summary', {}, h('kbd', {}, 'n'), ` ${t('note.label')}`),
      noteField(item)));
}

/** The note survives re-renders (opening the reason menu, lease renewal) as a draft kept on the item. */
function noteField(item) {
  const field = h('textarea', { id: 'note', rows: 2, maxlength: 2000, 'aria-label': t('note.label'), oninput: (e) => { item.noteDraft = e.target.value; } });
  field.value = item.noteDraft ?? '';
  field.addEventListener('focus', () => { field.closest('details').open = true; });
  return field;
}

/** Who the proposal is assigned to (next offers it to no one else) and the moderators' tags. */
function workBlock(item) {
  const tags = h('input', { id: 'tags-input', type: 'text', maxlength: 450, autocomplete: 'off', 'aria-describedby': 'tags-hint' });
  tags.value = item.tags.join(', ');
  return h('div', { class: 'work' },
    assigneeField(item),
    h('form', { class: 'work__field', id: 'tags-form', onsubmit: (e) => { e.preventDefault(); saveTags(item, tags.value).catch(ctx.report); } },
      h('label', { for: 'tags-input' }, t('tags.label')),
      h('span', { class: 'search__row' }, tags, h('button', { type: 'submit', class: 'btn btn--secondary btn--small' }, t('tags.save'))),
      h('span', { id: 'tags-hint', class: 'muted small' }, t('tags.hint'))));
}

/** Assigning to someone else hands the proposal over: this moderator's lease is released and the next one shown. */
function assigneeField(item) {
  const assignee = h('select', { id: 'assignee', onchange: (e) => assign(item, e.target.value || null).catch(ctx.report) },
    h('option', { value: '' }, t('assign.nobody')),
    ...assignable().map((p) => h('option', { value: p.id }, p.id === state.me ? t('who.me') : p.name)));
  if (item.assignedTo && !assignable().some((p) => p.id === item.assignedTo)) assignee.append(h('option', { value: item.assignedTo }, ctx.who(item.assignedTo)));
  assignee.value = item.assignedTo ?? '';
  return h('label', { class: 'work__field' }, h('span', {}, t('assign.label')), assignee);
}

async function assign(item, to) {
  const r = await api('PUT', `/v1/proposals/${item.id}/assignee`, { to });
  item.assignedTo = r.assignedTo;
  if (!r.assignedTo) return say(t('assign.removed'));
  if (r.assignedTo !== state.me && current() === item) {
    await skip();
    announceNext(t('assign.done', { who: ctx.who(r.assignedTo) }));
  } else say(t('assign.done', { who: ctx.who(r.assignedTo) }));
}

async function saveTags(item, typed) {
  const r = await api('PUT', `/v1/proposals/${item.id}/tags`, { tags: typed.split(',').map((s) => s.trim()).filter(Boolean) });
  item.tags = r.tags;
  $('tags-input').value = r.tags.join(', ');
  say(r.tags.length ? t('tags.done', { tags: r.tags.join(', ') }) : t('tags.removed'));
}

function navBlock() {
  return h('p', { class: 'nav-hint' },
    h('button', { type: 'button', class: 'btn btn--tertiary', disabled: state.pos === 0, onclick: () => previous().catch(ctx.report) }, h('kbd', {}, 'k'), ` ${t('act.prev')}`),
    h('button', { type: 'button', class: 'btn btn--tertiary', onclick: () => (state.pos < state.seen.length - 1 ? showAt(state.pos + 1) : skip()).catch(ctx.report) }, `${t('act.next')} `, h('kbd', {}, 'j')));
}

// ---- queue counts, live updates ----

async function refreshCounts() {
  if (!state.cid) return null;
  const { counts } = await api('GET', `/v1/consultations/${state.cid}/review/queue${qs({ ...filters(), reason: undefined, limit: 1 })}`);
  clear($('queue-summary'), h('strong', { id: 'queue-total' }, String(counts.total)), ` ${t('queue.total', { n: '' }).trim()}`,
    counts.leased ? h('span', { id: 'queue-leased' }, ` · ${t('queue.leased', { n: counts.leased })}`) : null,
    counts.capped ? h('span', { class: 'muted small' }, ` (${t('queue.capped', { n: counts.scanned ?? '' })})`) : null);
  const active = $('filter-reason').value;
  const entries = Object.entries(counts.byReason).sort((a, b) => b[1] - a[1]);
  clear($('queue-reasons'), ...entries.map(([code, n]) => h('li', {},
    h('button', { type: 'button', class: 'queue__reason', 'aria-pressed': String(active === code), onclick: () => {
      $('filter-reason').value = active === code ? '' : code;
      reload().catch(ctx.report);
    } }, h('span', {}, reasonLabel(code)), h('span', { class: 'count' }, String(n))))));
  return counts;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Follows the queue's changes while this session lasts; a change of consultation starts from a new token. */
async function watchQueue(generation) {
  let token = null;
  let of = null;
  while (generation === state.watching) {
    const started = Date.now();
    try {
      if (of !== state.cid) { token = null; of = state.cid; }
      if (!of || $('moderation-view').hidden) { await sleep(LIVE_RETRY_MS); continue; }
      const r = await api('GET', `/v1/consultations/${encodeURIComponent(of)}/review/changes${qs({ since: token, waitS: token ? LIVE_WAIT_S : 0 })}`);
      if (generation !== state.watching) return;
      if (r.changed && of === state.cid) await refreshLive();
      token = r.token;
    } catch {
      await sleep(LIVE_RETRY_MS);
    }
    await sleep(Math.max(0, LIVE_MIN_GAP_MS - (Date.now() - started)));
  }
}

/** Counts and history follow other moderators and new arrivals; an empty queue fetches what arrived. */
async function refreshLive() {
  if (!state.cid || $('moderation-view').hidden) return;
  const counts = await refreshCounts();
  await history.refresh(ctx);
  if (state.bulk) return;
  if (state.empty && counts && counts.total > counts.leased) {
    const item = await loadNext();
    if (item) say(t('said.newItems'), 'info', { spoken: t('said.next', { text: item.text }) });
  }
}
