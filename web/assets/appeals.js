// Appeals and reports: the authors' appeals waiting for a moderator (decided by another moderator than the one
// who refused) and the proposals participants reported; plus the reports shown beside a proposal under review.
import { api, ApiError } from './api.js';
import { $, clear, h, say, timeAgo } from './dom.js';
import { reasonLabel, t } from './i18n.js';

export const REPORT_REASONS = {
  spam: 'Spam ou publicité', offensive: 'Injurieuse', hate: 'Haineuse ou discriminatoire', personal_data: 'Données personnelles',
  illegal: 'Contenu illicite', off_topic: 'Hors sujet', duplicate: 'Doublon', other: 'Autre',
};

const state = { me: null, cid: null, timer: null };
let bound = false;

export async function startAppeals(session, consultations) {
  stopAppeals();
  state.me = session.principal.id;
  const select = $('appeals-consultation');
  clear(select, ...consultations.map((id) => h('option', { value: id }, id)));
  const remembered = localStorage.getItem('consultation');
  state.cid = consultations.includes(remembered) ? remembered : consultations[0] ?? null;
  if (state.cid) select.value = state.cid;
  if (!bound) {
    bound = true;
    select.addEventListener('change', (e) => {
      state.cid = e.target.value;
      localStorage.setItem('consultation', state.cid);
      refresh().catch(fail);
    });
  }
  state.timer = setInterval(() => refresh().catch(() => undefined), 15_000);
  await refresh();
}

export function stopAppeals() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

async function refresh() {
  if (!state.cid) {
    clear($('appeals-list'), h('p', { class: 'muted' }, 'Aucune consultation.'));
    clear($('reported-list'));
    return;
  }
  const cid = encodeURIComponent(state.cid);
  const [appeals, reported] = await Promise.all([
    api('GET', `/v1/consultations/${cid}/appeals?status=pending`),
    api('GET', `/v1/consultations/${cid}/reports`),
  ]);
  $('appeals-count').textContent = String(appeals.items.length);
  clear($('appeals-list'), ...(appeals.items.length ? appeals.items.map(appealCard) : [h('p', { class: 'muted' }, 'Aucun recours en attente.')]));
  clear($('reported-list'), ...(reported.items.length ? reported.items.map(reportedCard) : [h('p', { class: 'muted' }, 'Aucune proposition signalée.')]));
}

function appealCard(a) {
  const mine = a.refusal.decidedBy === state.me;
  const decide = (outcome) => async () => {
    try {
      await api('POST', `/v1/proposals/${encodeURIComponent(a.proposalId)}/appeal/decision`, { outcome });
      say(outcome === 'overturn' ? 'Refus annulé : la proposition est acceptée.' : 'Refus maintenu.');
      await refresh();
    } catch (err) {
      fail(err);
    }
  };
  return h('article', { class: 'appeal-card', 'data-id': a.proposalId },
    h('p', { class: 'meta' }, `Recours reçu ${timeAgo(a.at)} · refusée pour « ${reasonLabel(a.refusal.reason ?? 'other')} » `,
      a.refusal.automatic ? `automatiquement${a.refusal.check ? ` (contrôle ${a.refusal.check})` : ''}` : `par ${a.refusal.decidedBy}`),
    h('blockquote', { class: 'proposal', lang: 'fr' }, a.text),
    h('p', {}, h('strong', {}, 'Motif du recours : '), a.statement),
    mine
      ? h('p', { class: 'muted' }, 'Vous avez pris ce refus : un autre modérateur doit examiner le recours.')
      : h('p', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', onclick: decide('overturn') }, 'Accepter la proposition'),
        ' ',
        h('button', { type: 'button', class: 'btn btn--secondary', onclick: decide('uphold') }, 'Maintenir le refus')));
}

function reportedCard(p) {
  return h('article', { class: 'reported-card', 'data-id': p.proposalId },
    h('p', { class: 'meta' }, `${t(`st.${p.status}`)} · ${p.reports.length} signalement${p.reports.length > 1 ? 's' : ''} · dernier ${timeAgo(p.lastReportAt)}`),
    h('blockquote', { class: 'proposal', lang: 'fr' }, p.text),
    reportList(p.reports));
}

function reportList(reports) {
  return h('ul', { class: 'reports' }, ...reports.map((r) => h('li', {},
    h('strong', {}, REPORT_REASONS[r.reason] ?? r.reason), r.comment ? ` — « ${r.comment} »` : '', h('span', { class: 'muted' }, ` (${timeAgo(r.at)})`))));
}

/** Beside a proposal under review: its reports, read when it has some. */
export function reportsNote(item) {
  if (!item.reports) return null;
  const box = h('section', { class: 'reports-note', 'aria-label': 'Signalements' },
    h('p', {}, h('strong', {}, `Signalée par ${item.reports} participant${item.reports > 1 ? 's' : ''}`),
      item.withdrawnAt ? ' : retirée de la publication en attendant votre décision.' : '.'));
  api('GET', `/v1/proposals/${encodeURIComponent(item.id)}/reports`)
    .then((r) => box.append(reportList(r.items)))
    .catch(() => undefined);
  return box;
}

function fail(err) {
  say(err instanceof ApiError ? `Erreur : ${err.message}` : 'Le service ne répond pas.', 'error');
}
