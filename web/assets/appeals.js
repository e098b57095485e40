// Appeals and reports: the authors' appeals waiting for a moderator (decided by another moderator than the one
// who refused) and the proposals participants reported; plus the reports shown beside a proposal under review.
import { api } from './api.js';
import { $, clear, h, quotedText, say, timeAgo } from './dom.js';
import { describe } from './errors.js';
import { onLangChange, reasonLabel, t, tn } from './i18n.js';
import { loadPeople, who } from './people.js';

/** The reasons participants give when reporting (models/reports.ts), in the page's language. */
const REPORT_REASON_KEYS = {
  spam: 'report.spam', offensive: 'report.offensive', hate: 'report.hate', personal_data: 'report.personalData',
  illegal: 'report.illegal', off_topic: 'report.offTopic', duplicate: 'report.duplicate', other: 'report.other',
};
const reportReason = (code) => (REPORT_REASON_KEYS[code] ? t(REPORT_REASON_KEYS[code]) : code);

const state = { me: null, cid: null, timer: null, lang: null, langOf: null };
/** The proposals are in their consultation's language (lang attribute), whatever the page's. */
const proposalLang = () => state.lang ?? 'fr';
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
    onLangChange(() => { if (!$('appeals-view').hidden) refresh().catch(fail); });
  }
  state.timer = setInterval(() => refresh().catch(() => undefined), 15_000);
  await loadPeople().catch(() => undefined);
  await refresh();
}

export function stopAppeals() {
  if (state.timer) clearInterval(state.timer);
  state.timer = null;
}

async function refresh() {
  if (!state.cid) {
    clear($('appeals-list'), h('p', { class: 'muted' }, t('current.noConsultation')));
    clear($('reported-list'));
    return;
  }
  const cid = encodeURIComponent(state.cid);
  if (state.langOf !== state.cid) {
    state.lang = (await api('GET', `/v1/consultations/${cid}`)).language;
    state.langOf = state.cid;
  }
  const [appeals, reported] = await Promise.all([
    api('GET', `/v1/consultations/${cid}/appeals?status=pending`),
    api('GET', `/v1/consultations/${cid}/reports`),
  ]);
  $('appeals-count').textContent = String(appeals.items.length);
  clear($('appeals-list'), ...(appeals.items.length ? appeals.items.map(appealCard) : [h('p', { class: 'muted' }, t('appeals.none'))]));
  clear($('reported-list'), ...(reported.items.length ? reported.items.map(reportedCard) : [h('p', { class: 'muted' }, t('appeals.noReported'))]));
}

function appealCard(a) {
  const mine = a.refusal.decidedBy === state.me;
  const decide = (outcome) => async () => {
    try {
      await api('POST', `/v1/proposals/${encodeURIComponent(a.proposalId)}/appeal/decision`, { outcome });
      say(outcome === 'overturn' ? t('appeals.overturned') : t('appeals.upheld'));
      await refresh();
    } catch (err) {
      fail(err);
    }
  };
  return h('article', { class: 'appeal-card', 'data-id': a.proposalId },
    h('p', { class: 'meta' }, t(a.refusal.automatic ? 'appeals.metaAuto' : 'appeals.metaBy',
      { ago: timeAgo(a.at), reason: reasonLabel(a.refusal.reason ?? 'other'), who: who(a.refusal.decidedBy, state.me) })),
    h('blockquote', { class: 'proposal', lang: proposalLang() }, a.text),
    h('p', {}, h('strong', {}, t('appeals.statement')), ' ', h('span', { lang: proposalLang() }, a.statement)),
    mine
      ? h('p', { class: 'muted' }, t('appeals.mine'))
      : h('p', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', onclick: decide('overturn') }, t('appeals.overturn')),
        ' ',
        h('button', { type: 'button', class: 'btn btn--secondary', onclick: decide('uphold') }, t('appeals.uphold'))));
}

function reportedCard(p) {
  return h('article', { class: 'reported-card', 'data-id': p.proposalId },
    h('p', { class: 'meta' }, `${t(`st.${p.status}`)} · ${tn('appeals.reports', p.reports.length, { ago: timeAgo(p.lastReportAt) })}`),
    h('blockquote', { class: 'proposal', lang: proposalLang() }, p.text),
    reportList(p.reports, proposalLang()));
}

/** Participants' comments are marked with the consultation's language `lang`. */
function reportList(reports, lang) {
  return h('ul', { class: 'reports' }, ...reports.map((r) => h('li', {},
    h('strong', {}, reportReason(r.reason)), ...(r.comment ? [' — ', ...quotedText(r.comment, lang)] : []), h('span', { class: 'muted' }, ` (${timeAgo(r.at)})`))));
}

/** Beside a proposal under review (in `lang`, its consultation's language): its reports, read when it has some. */
export function reportsNote(item, lang) {
  if (!item.reports) return null;
  const box = h('section', { class: 'reports-note', 'aria-label': t('appeals.reportsLabel') },
    h('p', {}, h('strong', {}, tn('appeals.reportedBy', item.reports)),
      item.withdrawnAt ? ` ${t('appeals.withdrawn')}` : ''));
  api('GET', `/v1/proposals/${encodeURIComponent(item.id)}/reports`)
    .then((r) => box.append(reportList(r.items, lang)))
    .catch(() => undefined);
  return box;
}

/** Failures said in the moderator's language (errors.js), never the service's English detail. */
function fail(err) {
  say(describe(err), 'error');
}
