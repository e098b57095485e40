// The moderator workspace: one proposal at a time with one-key actions, or a selection decided in bulk.
import { api, ApiError, qs } from './api.js';
import { $, clear, clock, h, highlighted, percent, quotedTerms, say, timeAgo } from './dom.js';
import { OUTCOMES, REASONS, REASON_KEYS, STATUSES, reasonLabel } from './labels.js';
import { reportsNote } from './appeals.js';

/** The service refuses undo after its window (30 s by default); the page hides the button a little earlier. */
const UNDO_WINDOW_MS = 28_000;
const RENEW_EVERY_MS = 30_000;
const COUNTS_EVERY_MS = 15_000;

const state = {
  me: null,
  cid: null,
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
  bulkItems: [],
  selected: new Set(),
  busy: false,
  timers: [],
};
let bound = false;

export async function startModeration(session, consultations) {
  stopModeration();
  state.me = session.principal.id;
  const select = $('consultation');
  clear(select, ...consultations.map((id) => h('option', { value: id }, id)));
  const remembered = localStorage.getItem('consultation');
  state.cid = consultations.includes(remembered) ? remembered : consultations[0] ?? null;
  if (state.cid) select.value = state.cid;
  if (!bound) bind();
  state.timers.push(setInterval(() => refreshCounts().catch(() => undefined), COUNTS_EVERY_MS));
  state.timers.push(setInterval(() => renewLease().catch(() => undefined), RENEW_EVERY_MS));
  state.timers.push(setInterval(refreshUndoButtons, 1000));
  await reload();
}

export function stopModeration() {
  for (const t of state.timers) clearInterval(t);
  state.timers = [];
}

function bind() {
  bound = true;
  const filterReason = $('filter-reason');
  clear(filterReason, h('option', { value: '' }, 'tous'), ...Object.entries(REASONS).map(([code, label]) => h('option', { value: code }, label)));
  const bulkReason = $('bulk-reason');
  clear(bulkReason, ...Object.entries(REASONS).filter(([c]) => c !== 'none').map(([code, label]) => h('option', { value: code }, label)));
  $('consultation').addEventListener('change', (e) => {
    state.cid = e.target.value;
    localStorage.setItem('consultation', state.cid);
    reload();
  });
  for (const id of ['filter-reason', 'filter-confidence', 'filter-suggestion']) $(id).addEventListener('change', () => reload());
  $('mode-single').addEventListener('click', () => setBulk(false));
  $('mode-bulk').addEventListener('click', () => setBulk(true));
  $('bulk-all').addEventListener('change', (e) => {
    state.selected = new Set(e.target.checked ? state.bulkItems.filter((p) => !leasedByOther(p)).map((p) => p.id) : []);
    renderBulk();
  });
  $('bulk-accept').addEventListener('click', () => bulkDecide('accept'));
  $('bulk-reject').addEventListener('click', () => bulkDecide('reject', $('bulk-reason').value));
  document.addEventListener('keydown', onKey);
  // Closing the page gives the proposal back at once instead of when its lease expires.
  window.addEventListener('pagehide', () => {
    const item = current();
    if (item?.status === 'pending_review' && item.lease?.by === state.me) {
      api('DELETE', `/v1/proposals/${item.id}/lease`, undefined, { keepalive: true }).catch(() => undefined);
    }
  });
}

const filters = () => {
  const f = {};
  if ($('filter-reason').value) f.reason = $('filter-reason').value;
  if ($('filter-confidence').value) f.minConfidence = Number($('filter-confidence').value);
  if ($('filter-suggestion').value) f.suggestion = $('filter-suggestion').value;
  return f;
};
const current = () => state.items.get(state.seen[state.pos]);
const leasedByOther = (p) => p.lease && p.lease.by !== state.me && Date.parse(p.lease.expiresAt) > Date.now();

async function reload() {
  if (!state.cid) {
    clear($('current'), h('p', { class: 'empty' }, 'Aucune consultation ne vous est ouverte.'));
    return;
  }
  $('export-csv').href = `/v1/consultations/${encodeURIComponent(state.cid)}/audit.csv`;
  state.seen = [];
  state.pos = 0;
  state.exclude.clear();
  state.rejecting = false;
  await Promise.all([refreshCounts(), refreshHistory(), state.bulk ? loadBulk() : loadNext()]);
}

async function setBulk(on) {
  state.bulk = on;
  $('mode-single').setAttribute('aria-pressed', String(!on));
  $('mode-bulk').setAttribute('aria-pressed', String(on));
  $('single-view').hidden = on;
  $('bulk-view').hidden = !on;
  document.querySelector('.similar').hidden = on;
  const item = current();
  if (on && item?.status === 'pending_review') await api('DELETE', `/v1/proposals/${item.id}/lease`).catch(() => undefined);
  await reload();
}

// ---- one at a time ----

async function loadNext() {
  const { item } = await api('POST', `/v1/consultations/${state.cid}/review/next`, { exclude: [...state.exclude].slice(-500), filters: filters() });
  if (!item) {
    state.pos = state.seen.length;
    renderEmpty();
    return;
  }
  state.items.set(item.id, item);
  state.seen.push(item.id);
  state.pos = state.seen.length - 1;
  render();
}

/** Shows an item seen before, re-read (it may have been decided meanwhile) and leased again if still in review. */
async function showAt(pos) {
  state.pos = pos;
  state.rejecting = false;
  const id = state.seen[pos];
  const fresh = await api('GET', `/v1/proposals/${encodeURIComponent(id)}`);
  const item = { ...state.items.get(id), ...fresh, similar: state.items.get(id)?.similar ?? fresh.similar };
  item.lease = null;
  if (item.status === 'pending_review') {
    try {
      item.lease = await api('POST', `/v1/proposals/${id}/lease`, {});
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409)) throw err;
      item.heldElsewhere = err.message;
    }
  }
  state.items.set(id, item);
  render();
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
  say('Proposition passée : elle reste dans la file pour les autres.');
  await forward();
}

async function previous() {
  if (state.pos > 0) await showAt(state.pos - 1);
}

async function decide(outcome, reason = null) {
  const item = current();
  if (!item || item.status !== 'pending_review' || state.busy || item.heldElsewhere) return;
  state.busy = true;
  state.rejecting = false;
  const note = $('note')?.value.trim();
  try {
    const updated = await api('POST', `/v1/proposals/${item.id}/decision`, {
      outcome, expectedVersion: item.version, ...(reason ? { reason } : {}), ...(note ? { note } : {}),
    });
    state.items.set(item.id, { ...item, ...updated, similar: item.similar, lease: null });
    state.mine.push({ id: item.id, at: Date.now() });
    say(outcome === 'accept' ? 'Proposition acceptée.' : `Proposition refusée : ${reasonLabel(reason)}.`);
    await forward();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 409)) throw err;
    say('Cette proposition a changé depuis sa lecture ou un autre modérateur la traite : elle est écartée.', 'error');
    state.exclude.add(item.id);
    await forward();
  } finally {
    state.busy = false;
    refreshCounts().catch(() => undefined);
    refreshHistory().catch(() => undefined);
  }
}

async function undo(id) {
  const updated = await api('POST', `/v1/proposals/${id}/undo`).catch((err) => {
    if (err instanceof ApiError && (err.status === 409 || err.status === 403)) { say(`Annulation impossible : ${err.message}`, 'error'); return null; }
    throw err;
  });
  if (!updated) return;
  state.mine = state.mine.filter((d) => d.id !== id);
  state.exclude.delete(id);
  const known = state.items.get(id);
  state.items.set(id, { ...known, ...updated, similar: known?.similar ?? updated.similar, lease: { by: state.me, expiresAt: new Date(Date.now() + 120_000).toISOString() } });
  if (!state.seen.includes(id)) state.seen.push(id);
  if (!state.bulk) {
    state.pos = state.seen.indexOf(id);
    render();
  }
  say('Décision annulée : la proposition revient à examiner.');
  await Promise.all([refreshCounts(), refreshHistory(), state.bulk ? loadBulk() : null]);
}

async function undoLast() {
  const last = state.mine.at(-1);
  if (last && Date.now() - last.at < UNDO_WINDOW_MS) await undo(last.id);
  else say('Rien à annuler : le délai d’annulation est de 30 secondes.', 'error');
}

async function renewLease() {
  const item = current();
  if (state.bulk || !item || item.status !== 'pending_review' || item.lease?.by !== state.me) return;
  item.lease = await api('POST', `/v1/proposals/${item.id}/lease`, {});
  renderLease(item);
}

function onKey(e) {
  if ($('moderation-view').hidden || state.bulk || e.ctrlKey || e.metaKey || e.altKey) return;
  const tag = e.target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') {
    if (e.key === 'Escape') e.target.blur();
    return;
  }
  if (state.rejecting) {
    e.preventDefault();
    const picked = REASON_KEYS.find(([key]) => key === e.key.toLowerCase());
    if (picked) decide('reject', picked[1]).catch(report);
    else if (e.key === 'Enter' && suggestedReason(current())) decide('reject', suggestedReason(current())).catch(report);
    else if (e.key === 'Escape') { state.rejecting = false; render(); }
    return;
  }
  const actions = {
    a: () => decide('accept'),
    r: () => openReject(),
    s: () => skip(),
    j: () => (state.pos < state.seen.length - 1 ? showAt(state.pos + 1) : skip()),
    k: () => previous(),
    u: () => undoLast(),
    n: () => $('note')?.focus(),
  };
  const action = actions[e.key];
  if (!action) return;
  e.preventDefault();
  Promise.resolve(action()).catch(report);
}

function report(err) {
  say(`Erreur : ${err.message}`, 'error');
}

function openReject() {
  const item = current();
  if (!item || item.status !== 'pending_review' || item.heldElsewhere) return;
  state.rejecting = true;
  render();
}

const suggestedReason = (item) => item?.suggestion?.reasons.find((r) => !r.shadow)?.code ?? null;

// ---- rendering ----

function renderEmpty() {
  clear($('current'), h('div', { class: 'empty' },
    h('p', { class: 'empty__title' }, 'La file est vide.'),
    h('p', {}, Object.keys(filters()).length ? 'Aucune proposition ne correspond aux filtres choisis.' : 'Toutes les propositions ont été examinées. Merci !'),
    state.seen.length ? h('p', {}, 'k : revenir à la proposition précédente.') : null));
  clear($('similar'), h('p', { class: 'muted' }, '—'));
}

function render() {
  const item = current();
  if (!item) return renderEmpty();
  const terms = (item.suggestion?.reasons ?? []).flatMap((r) => quotedTerms(r.detail));
  const decided = item.status === 'accepted' || item.status === 'rejected';
  const canUndo = decided && item.decision?.decidedBy === state.me && state.mine.some((d) => d.id === item.id && Date.now() - d.at < UNDO_WINDOW_MS);
  clear($('current'),
    h('p', { class: 'meta' },
      h('span', {}, `Proposition ${item.externalId}`), ' · ', h('span', {}, `reçue ${timeAgo(item.createdAt)}`), ' · ',
      h('span', {}, `${state.pos + 1}ᵉ de la séance`)),
    h('p', { class: 'lease', id: 'lease-line' }),
    decided ? h('p', { class: `badge badge--${item.status}` },
      `${STATUSES[item.status]}${item.decision?.reason ? ` : ${reasonLabel(item.decision.reason)}` : ''}`,
      item.decision ? ` — par ${who(item.decision.decidedBy)}` : '') : null,
    h('blockquote', { class: 'proposal', lang: 'fr', id: 'proposal-text' }, ...highlighted(item.text, terms)),
    reportsNote(item),
    suggestionBlock(item.suggestion),
    item.status === 'pending_review' && !item.heldElsewhere ? actionsBlock(item) : null,
    canUndo ? h('p', {}, h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => undo(item.id).catch(report) }, 'Annuler ma décision (u)')) : null,
    navBlock());
  renderLease(item);
  renderSimilar(item);
  if (state.rejecting) (document.querySelector('.reject-menu .is-suggested') ?? document.querySelector('.reject-menu button'))?.focus();
}

function renderLease(item) {
  const line = $('lease-line');
  if (!line) return;
  if (item.heldElsewhere) line.textContent = `Un autre modérateur examine cette proposition (${item.heldElsewhere}).`;
  else if (item.lease?.by === state.me && item.status === 'pending_review') line.textContent = `Réservée pour vous jusqu’à ${clock(item.lease.expiresAt)} (prolongée tant que la page est ouverte).`;
  else line.textContent = '';
}

function who(id) {
  if (id === 'system') return 'le tri automatique';
  return id === state.me ? 'vous' : id;
}

function suggestionBlock(s) {
  if (!s) return h('section', { class: 'suggestion' }, h('h3', {}, 'Suggestion'), h('p', {}, 'Pas encore triée.'));
  const active = s.reasons.filter((r) => !r.shadow);
  return h('section', { class: `suggestion suggestion--${s.outcome}`, 'aria-labelledby': 'suggestion-title' },
    h('h3', { id: 'suggestion-title' }, 'Suggestion du tri automatique : ',
      h('strong', {}, s.outcome === 'accept' ? 'accepter' : `refuser${active[0] ? ` (${reasonLabel(active[0].code)})` : ''}`),
      h('span', { class: 'muted' }, ` — confiance ${percent(s.confidence)}`)),
    s.reasons.length === 0 ? h('p', { class: 'muted' }, 'Aucun motif de refus détecté.') :
      h('ul', { class: 'reasons' }, ...s.reasons.map((r) => h('li', { class: r.shadow ? 'reason reason--shadow' : 'reason' },
        h('span', { class: 'reason__label' }, reasonLabel(r.code)),
        h('meter', { min: 0, max: 1, low: 0.3, high: 0.7, optimum: 0, value: r.score, 'aria-label': `score ${percent(r.score)}` }),
        h('span', { class: 'reason__score' }, percent(r.score)),
        h('span', { class: 'reason__detail' }, r.detail,
          r.check ? h('span', { class: 'muted small' }, ` — contrôle ${r.check}${r.shadow ? ', en observation' : ''}`) : null)))),
    s.modelVersions ? h('p', { class: 'muted small' }, `Modèles : ${Object.entries(s.modelVersions).map(([k, v]) => `${k} ${v}`).join(', ')}`) : null);
}

function actionsBlock(item) {
  const suggested = suggestedReason(item);
  return h('div', { class: 'decide' },
    h('label', { for: 'note' }, 'Note (facultative, conservée dans le journal)'),
    noteField(item),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn--accept', onclick: () => decide('accept').catch(report) }, h('kbd', {}, 'a'), ' Accepter'),
      h('button', { type: 'button', class: 'btn btn--reject', 'aria-expanded': String(state.rejecting), onclick: openReject }, h('kbd', {}, 'r'), ' Refuser…'),
      h('button', { type: 'button', class: 'btn btn--secondary', onclick: () => skip().catch(report) }, h('kbd', {}, 's'), ' Passer')),
    state.rejecting ? h('div', { class: 'reject-menu', role: 'group', 'aria-label': 'Motif du refus' },
      h('p', {}, 'Motif du refus — tapez la touche', suggested ? `, ou Entrée pour le motif suggéré (${reasonLabel(suggested)})` : '', ' ; Échap pour revenir :'),
      h('ul', {}, ...REASON_KEYS.map(([key, code]) => h('li', {},
        h('button', { type: 'button', class: code === suggested ? 'btn btn--tertiary is-suggested' : 'btn btn--tertiary', onclick: () => decide('reject', code).catch(report) },
          h('kbd', {}, key), ` ${REASONS[code]}`))))) : null);
}

/** The note survives re-renders (opening the reason menu, lease renewal) as a draft kept on the item. */
function noteField(item) {
  const field = h('textarea', { id: 'note', rows: 2, maxlength: 2000, oninput: (e) => { item.noteDraft = e.target.value; } });
  field.value = item.noteDraft ?? '';
  return field;
}

function navBlock() {
  return h('p', { class: 'nav-hint' },
    h('button', { type: 'button', class: 'btn btn--tertiary', disabled: state.pos === 0, onclick: () => previous().catch(report) }, h('kbd', {}, 'k'), ' Précédente'),
    h('button', { type: 'button', class: 'btn btn--tertiary', onclick: () => (state.pos < state.seen.length - 1 ? showAt(state.pos + 1) : skip()).catch(report) }, 'Suivante ', h('kbd', {}, 'j')));
}

function renderSimilar(item) {
  if (!item.similar?.length) {
    clear($('similar'), h('p', { class: 'muted' }, 'Aucune proposition antérieure proche.'));
    return;
  }
  clear($('similar'), ...item.similar.map((s) => h('article', { class: 'similar-card' },
    h('p', { class: 'similar-card__head' }, h('span', {}, `${percent(s.similarity)} de similarité`),
      h('span', { class: `badge badge--${s.status ?? 'queued'}` }, STATUSES[s.status] ?? '—')),
    h('p', { class: 'similar-card__text', lang: 'fr' }, s.text),
    s.decision ? h('p', { class: 'muted small' },
      `${OUTCOMES[s.decision.outcome]}${s.decision.reason ? ` : ${reasonLabel(s.decision.reason)}` : ''} par ${who(s.decision.decidedBy)}`) : null,
    h('p', { class: 'muted small' }, `Proposition ${s.externalId}`))));
}

// ---- queue counts and history ----

async function refreshCounts() {
  if (!state.cid) return;
  const { counts } = await api('GET', `/v1/consultations/${state.cid}/review/queue${qs({ limit: 1 })}`);
  $('queue-total').textContent = String(counts.total);
  $('queue-leased').textContent = counts.leased ? ` · ${counts.leased} en cours d’examen` : '';
  const active = $('filter-reason').value;
  const entries = Object.entries(counts.byReason).sort((a, b) => b[1] - a[1]);
  clear($('queue-reasons'), ...entries.map(([code, n]) => h('li', {},
    h('button', { type: 'button', class: 'queue__reason', 'aria-pressed': String(active === code), onclick: () => {
      $('filter-reason').value = active === code ? '' : code;
      reload().catch(report);
    } }, h('span', {}, reasonLabel(code)), h('span', { class: 'count' }, String(n))))));
}

async function refreshHistory() {
  if (!state.cid) return;
  const { items } = await api('GET', `/v1/consultations/${state.cid}/audit${qs({ order: 'desc', limit: 15 })}`);
  const latest = new Set();
  if (items.length === 0) {
    clear($('history-rows'), h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'Aucune décision pour l’instant.')));
    return;
  }
  clear($('history-rows'), ...items.map((e) => {
    const isLatest = !latest.has(e.proposalId);
    latest.add(e.proposalId);
    const undoable = isLatest && e.decidedBy === state.me && e.outcome !== 'undone' && Date.now() - Date.parse(e.decidedAt) < UNDO_WINDOW_MS;
    const text = state.items.get(e.proposalId)?.text;
    return h('tr', {},
      h('td', {}, clock(e.decidedAt)),
      h('td', { class: 'history__text' }, text ?? `Proposition ${e.externalId}`),
      h('td', {}, h('span', { class: `badge badge--${e.outcome}` }, OUTCOMES[e.outcome]), e.reason ? ` ${reasonLabel(e.reason)}` : ''),
      h('td', { class: 'muted' }, e.suggestion ? `${e.suggestion.outcome === 'accept' ? 'accepter' : 'refuser'} (${percent(e.suggestion.confidence)})` : '—'),
      h('td', {}, who(e.decidedBy)),
      h('td', {}, undoable ? h('button', { type: 'button', class: 'btn btn--tertiary', 'data-undo-until': Date.parse(e.decidedAt) + UNDO_WINDOW_MS,
        onclick: () => undo(e.proposalId).catch(report) }, 'Annuler') : ''));
  }));
}

function refreshUndoButtons() {
  for (const b of document.querySelectorAll('[data-undo-until]')) if (Number(b.dataset.undoUntil) < Date.now()) b.remove();
}

// ---- bulk ----

async function loadBulk() {
  const page = await api('GET', `/v1/consultations/${state.cid}/review/queue${qs({ ...filters(), limit: 200 })}`);
  state.bulkItems = page.items;
  for (const p of page.items) if (!state.items.has(p.id)) state.items.set(p.id, p);
  state.selected = new Set([...state.selected].filter((id) => page.items.some((p) => p.id === id)));
  renderBulk();
}

function renderBulk() {
  clear($('bulk-rows'), ...state.bulkItems.map((p) => {
    const held = leasedByOther(p);
    const reason = p.suggestion?.reasons.find((r) => !r.shadow)?.code ?? 'none';
    return h('tr', { class: state.selected.has(p.id) ? 'is-selected' : '' },
      h('td', {}, h('input', {
        type: 'checkbox', 'aria-label': `Sélectionner la proposition ${p.externalId}`, checked: state.selected.has(p.id), disabled: held,
        onchange: (e) => { if (e.target.checked) state.selected.add(p.id); else state.selected.delete(p.id); renderBulkButtons(); e.target.closest('tr').classList.toggle('is-selected', e.target.checked); },
      })),
      h('td', { class: 'bulk__text', lang: 'fr' }, p.text, held ? h('span', { class: 'muted small' }, ` — en cours d’examen par ${p.lease.by}`) : null),
      h('td', {}, p.suggestion ? `${p.suggestion.outcome === 'accept' ? 'Accepter' : 'Refuser'} ${percent(p.suggestion.confidence)}` : '—'),
      h('td', {}, reasonLabel(reason)),
      h('td', { class: 'muted' }, timeAgo(p.createdAt)));
  }));
  if (state.bulkItems.length === 0) clear($('bulk-rows'), h('tr', {}, h('td', { colspan: 5, class: 'empty' }, 'Aucune proposition en attente pour ces filtres.')));
  $('bulk-all').checked = state.bulkItems.length > 0 && state.selected.size === state.bulkItems.filter((p) => !leasedByOther(p)).length;
  renderBulkButtons();
}

function renderBulkButtons() {
  const n = state.selected.size;
  $('bulk-accept').disabled = n === 0;
  $('bulk-reject').disabled = n === 0;
  $('bulk-accept').textContent = `Accepter la sélection (${n})`;
  $('bulk-reject').textContent = `Refuser la sélection (${n})`;
}

async function bulkDecide(outcome, reason) {
  const items = state.bulkItems.filter((p) => state.selected.has(p.id)).map((p) => ({ id: p.id, expectedVersion: p.version }));
  if (items.length === 0) return;
  const result = await api('POST', `/v1/consultations/${state.cid}/review/decisions`, { outcome, items, ...(outcome === 'reject' ? { reason } : {}) });
  const decidedIds = result.results.filter((r) => r.result === 'decided').map((r) => r.id);
  const at = Date.now();
  for (const id of decidedIds) state.mine.push({ id, at });
  const skipped = items.length - decidedIds.length;
  say(`${decidedIds.length} proposition${decidedIds.length > 1 ? 's' : ''} ${outcome === 'accept' ? 'acceptée' : 'refusée'}${decidedIds.length > 1 ? 's' : ''}` +
    (skipped ? ` ; ${skipped} écartée${skipped > 1 ? 's' : ''} (modifiée${skipped > 1 ? 's' : ''} ou en cours d’examen par un autre modérateur).` : '.'));
  state.selected.clear();
  showBulkUndo(decidedIds);
  await Promise.all([loadBulk(), refreshCounts(), refreshHistory()]);
}

function showBulkUndo(ids) {
  const old = document.getElementById('bulk-undo');
  old?.remove();
  if (ids.length === 0) return;
  const button = h('button', { type: 'button', class: 'btn btn--secondary', id: 'bulk-undo', 'data-undo-until': Date.now() + UNDO_WINDOW_MS,
    onclick: async () => {
      button.remove();
      const results = await Promise.allSettled(ids.map((id) => api('POST', `/v1/proposals/${id}/undo`)));
      const undone = ids.filter((_, i) => results[i].status === 'fulfilled');
      state.mine = state.mine.filter((d) => !undone.includes(d.id));
      say(`${undone.length} décision${undone.length > 1 ? 's' : ''} annulée${undone.length > 1 ? 's' : ''} : ${undone.length > 1 ? 'elles reviennent' : 'elle revient'} dans la file.`);
      await Promise.all([loadBulk(), refreshCounts(), refreshHistory()]);
    } }, `Annuler ce lot (${ids.length})`);
  document.querySelector('.bulk__actions').append(button);
}
