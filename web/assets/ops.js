// The ops dashboard: rejection rate over time and by reason, automatic vs human, queue depth — inline SVG.
import { api, qs } from './api.js';
import { $, clear, h, percent, svg } from './dom.js';
import { reasonLabel } from './labels.js';

const REFRESH_MS = 30_000;
const W = 560;
const H = 240;
const M = { top: 16, right: 16, bottom: 48, left: 48 };
let timer = null;
let bound = false;

export async function startDashboard(consultations) {
  stopDashboard();
  const select = $('ops-consultation');
  clear(select, ...consultations.map((id) => h('option', { value: id }, id)));
  const remembered = localStorage.getItem('consultation');
  if (consultations.includes(remembered)) select.value = remembered;
  if (!bound) {
    bound = true;
    select.addEventListener('change', () => { localStorage.setItem('consultation', select.value); refresh(); });
    $('ops-window').addEventListener('change', () => refresh());
  }
  timer = setInterval(() => refresh().catch(() => undefined), REFRESH_MS);
  await refresh();
}

export function stopDashboard() {
  clearInterval(timer);
  timer = null;
}

function loadStats(cid, window) {
  return api('GET', `/v1/consultations/${encodeURIComponent(cid)}/stats${qs({ window })}`);
}

async function refresh() {
  const cid = $('ops-consultation').value;
  if (!cid) {
    clear($('ops-tiles'), h('p', { class: 'empty' }, 'Aucune consultation.'));
    return;
  }
  const window = $('ops-window').value;
  const stats = await loadStats(cid, window);
  renderTiles(stats);
  renderRate(stats.timeline);
  renderReasons(stats.byReason);
  renderWho(stats);
  renderQueue(stats.queueDepth);
}

function tile(label, value, detail) {
  return h('div', { class: 'tile' }, h('p', { class: 'tile__label' }, label), h('p', { class: 'tile__value' }, value), detail ? h('p', { class: 'tile__detail' }, detail) : null);
}

const seconds = (ms) => (ms === null || ms === undefined ? '–' : ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

function renderTiles(s) {
  const decided = s.decisions.automatic + s.decisions.human;
  clear($('ops-tiles'),
    tile('Propositions reçues', String(s.total)),
    tile('Taux de refus', percent(s.rejectionRate), `${s.byStatus.rejected} refusées sur ${s.decided} décidées`),
    tile('Décisions automatiques', decided ? percent(s.decisions.automatic / decided) : '–', `${s.decisions.automatic} automatiques, ${s.decisions.human} humaines`),
    tile('À examiner', String(s.queueDepth.review), `${s.queueDepth.triage} en attente de tri`),
    tile('Délai de décision humaine', seconds(s.decisionLatencyMs.human.p50), `médiane ; 90 % sous ${seconds(s.decisionLatencyMs.human.p90)}`));
}

/** A figure: title, the SVG (role img with its own label) and the figures as a table for screen readers. */
function figure(id, title, chart, rows, headers) {
  clear($(id),
    h('figcaption', {}, title),
    chart,
    rows ? h('details', {}, h('summary', {}, 'Voir les données'),
      h('table', { class: 'table' }, h('thead', {}, h('tr', {}, ...headers.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))))) : null);
}

function frame(label, height = H) {
  return svg('svg', { viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': label, class: 'chart__svg' }, svg('title', {}, label));
}

function yAxis(root, max, format) {
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    const y = M.top + (H - M.top - M.bottom) * (1 - i / 4);
    root.append(svg('line', { x1: M.left, x2: W - M.right, y1: y, y2: y, class: 'grid' }),
      svg('text', { x: M.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, format(v)));
  }
}

function renderRate(timeline) {
  const id = 'chart-rate';
  const title = 'Taux de refus par heure';
  if (!Array.isArray(timeline) || !timeline.some((b) => b.decided > 0)) {
    clear($(id), h('figcaption', {}, title), h('p', { class: 'muted' },
      Array.isArray(timeline) ? 'Aucune décision sur la période.' : 'Série horaire indisponible.'));
    return;
  }
  const root = frame(`${title} : ${timeline.length} heures`);
  yAxis(root, 1, (v) => `${Math.round(v * 100)} %`);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i) => M.left + (timeline.length === 1 ? plotW / 2 : (plotW * i) / (timeline.length - 1));
  const y = (v) => M.top + plotH * (1 - v);
  const rate = (b) => (b.decided ? b.rejected / b.decided : null);
  const auto = (b) => (b.decided ? b.automatic / b.decided : null);
  for (const [series, cls] of [[rate, 'line line--rate'], [auto, 'line line--auto']]) {
    const points = timeline.map((b, i) => [x(i), series(b)]).filter(([, v]) => v !== null);
    root.append(svg('polyline', { points: points.map(([px, v]) => `${px.toFixed(1)},${y(v).toFixed(1)}`).join(' '), class: cls }));
    for (const [px, v] of points) root.append(svg('circle', { cx: px.toFixed(1), cy: y(v).toFixed(1), r: 4, class: cls }));
  }
  const step = Math.max(1, Math.ceil(timeline.length / 6));
  timeline.forEach((b, i) => {
    if (i % step === 0) root.append(svg('text', { x: x(i), y: H - 26, 'text-anchor': 'middle', class: 'axis' }, hour(b.start)));
  });
  root.append(svg('text', { x: M.left, y: H - 4, class: 'legend legend--rate' }, '● taux de refus'),
    svg('text', { x: M.left + 130, y: H - 4, class: 'legend legend--auto' }, '● part automatique'));
  figure(id, title, root, timeline.map((b) => [hour(b.start), String(b.decided), String(b.rejected), percent(rate(b)), String(b.automatic)]),
    ['Heure', 'Décidées', 'Refusées', 'Taux de refus', 'Automatiques']);
}

const hour = (iso) => new Date(iso).toLocaleString('fr-FR', { day: '2-digit', month: '2-digit', hour: '2-digit' });

function hbars(id, title, entries, cls) {
  const rowH = 32;
  const root = frame(title, M.top + entries.length * rowH + 8);
  const max = Math.max(1, ...entries.map(([, v]) => v));
  const left = 200;
  entries.forEach(([label, v], i) => {
    const y = M.top + i * rowH;
    const w = ((W - left - 60) * v) / max;
    root.append(svg('text', { x: left - 8, y: y + rowH * 0.62, 'text-anchor': 'end', class: 'axis' }, label),
      svg('rect', { x: left, y: y + 4, width: Math.max(1, w).toFixed(1), height: rowH - 8, class: cls }),
      svg('text', { x: left + w + 6, y: y + rowH * 0.62, class: 'value' }, String(v)));
  });
  figure(id, title, root, entries.map(([l, v]) => [l, String(v)]), ['', 'Nombre']);
}

function renderReasons(byReason) {
  const entries = Object.entries(byReason ?? {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([code, n]) => [reasonLabel(code), n]);
  if (entries.length === 0) {
    clear($('chart-reasons'), h('figcaption', {}, 'Refus par motif'), h('p', { class: 'muted' }, 'Aucun refus pour l’instant.'));
    return;
  }
  hbars('chart-reasons', 'Refus par motif', entries, 'bar bar--reason');
}

function renderWho(s) {
  const timeline = Array.isArray(s.timeline) && s.timeline.some((b) => b.decided > 0) ? s.timeline : null;
  const title = 'Décisions automatiques et humaines';
  if (!timeline) {
    hbars('chart-who', title, [['Automatiques', s.decisions.automatic], ['Humaines', s.decisions.human]], 'bar bar--who');
    return;
  }
  const root = frame(`${title}, par heure`);
  const max = Math.max(1, ...timeline.map((b) => b.decided));
  yAxis(root, max, (v) => String(Math.round(v)));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const bw = plotW / timeline.length;
  timeline.forEach((b, i) => {
    const x = M.left + i * bw + bw * 0.15;
    const autoH = (plotH * b.automatic) / max;
    const humanH = (plotH * Math.max(0, b.decided - b.automatic)) / max;
    root.append(svg('rect', { x: x.toFixed(1), y: (M.top + plotH - autoH).toFixed(1), width: (bw * 0.7).toFixed(1), height: autoH.toFixed(1), class: 'bar bar--auto' }),
      svg('rect', { x: x.toFixed(1), y: (M.top + plotH - autoH - humanH).toFixed(1), width: (bw * 0.7).toFixed(1), height: humanH.toFixed(1), class: 'bar bar--human' }));
  });
  root.append(svg('text', { x: M.left, y: H - 4, class: 'legend legend--auto' }, '■ automatiques'),
    svg('text', { x: M.left + 130, y: H - 4, class: 'legend legend--human' }, '■ humaines'));
  figure('chart-who', title, root, timeline.map((b) => [hour(b.start), String(b.automatic), String(b.decided - b.automatic)]), ['Heure', 'Automatiques', 'Humaines']);
}

function renderQueue(depth) {
  hbars('chart-queue', 'Files d’attente', [['À examiner (modération)', depth.review], ['En attente de tri', depth.triage]], 'bar bar--queue');
}
