// The ops dashboard: rejection rate over time and by reason, automatic vs human, queue depth — inline SVG.
import { api, qs } from './api.js';
import { $, clear, h, percent, svg } from './dom.js';
import { locale, onLangChange, reasonLabel, t } from './i18n.js';
import { loadPeople, who } from './people.js';

const REFRESH_MS = 30_000;
const W = 560;
const H = 240;
const M = { top: 16, right: 16, bottom: 48, left: 48 };
let timer = null;
let bound = false;
let report = () => undefined;

export async function startDashboard(consultations, onError) {
  stopDashboard();
  report = onError;
  const period = $('ops-window');
  const keep = period.value || '24h';
  clear(period, ...['24h', '7d', '30d'].map((w) => h('option', { value: w }, t(`ops.${w}`))));
  period.value = keep;
  const select = $('ops-consultation');
  clear(select, ...consultations.map((id) => h('option', { value: id }, id)));
  const remembered = localStorage.getItem('consultation');
  if (consultations.includes(remembered)) select.value = remembered;
  if (!bound) {
    bound = true;
    select.addEventListener('change', () => { localStorage.setItem('consultation', select.value); refresh().catch(report); });
    $('ops-window').addEventListener('change', () => refresh().catch(report));
    onLangChange(() => { if (!$('ops-view').hidden) startDashboard(consultations, report).catch(report); });
  }
  timer = setInterval(() => refresh().catch(() => undefined), REFRESH_MS);
  await loadPeople().catch(() => undefined);
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
    clear($('ops-tiles'), h('p', { class: 'empty' }, t('ops.none')));
    return;
  }
  const window = $('ops-window').value;
  const stats = await loadStats(cid, window);
  renderTiles(stats);
  renderRate(stats.timeline);
  renderReasons(stats.byReason);
  renderWho(stats);
  renderQueue(stats.queueDepth);
  renderModerators(stats.window?.moderators ?? []);
}

function tile(label, value, detail) {
  return h('div', { class: 'tile' }, h('p', { class: 'tile__label' }, label), h('div', { class: 'tile__value' }, value), detail ? h('p', { class: 'tile__detail' }, detail) : null);
}

const seconds = (ms) => (ms === null || ms === undefined ? '–' : ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

function renderTiles(s) {
  const decided = s.decisions.automatic + s.decisions.human;
  clear($('ops-tiles'),
    tile(t('ops.received'), String(s.total)),
    tile(t('ops.rate'), percent(s.rejectionRate), t('ops.rateDetail', { r: s.byStatus.rejected ?? 0, d: s.decided })),
    tile(t('ops.auto'), decided ? percent(s.decisions.automatic / decided) : '–', t('ops.autoDetail', { a: s.decisions.automatic, h: s.decisions.human })),
    tile(t('ops.review'), String(s.queueDepth.review), t('ops.reviewDetail', { n: s.queueDepth.triage })),
    tile(t('ops.latency'), seconds(s.decisionLatencyMs.human.p50), t('ops.latencyDetail', { p90: seconds(s.decisionLatencyMs.human.p90) })));
}

/** A figure: title, the SVG (role img with its own label) and the figures as a table for screen readers. */
function figure(id, title, chart, rows, headers) {
  clear($(id),
    h('figcaption', {}, title),
    chart,
    rows ? h('details', {}, h('summary', {}, t('ops.data')),
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
  const title = t('ops.rateTitle');
  if (!Array.isArray(timeline) || !timeline.some((b) => b.decided > 0)) {
    clear($(id), h('figcaption', {}, title), h('p', { class: 'muted' },
      Array.isArray(timeline) ? t('ops.noDecision') : t('ops.noSeries')));
    return;
  }
  const root = frame(t('labelled', { label: title, value: t('ops.hours', { n: timeline.length }) }));
  yAxis(root, 1, percent);
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
  root.append(svg('text', { x: M.left, y: H - 4, class: 'legend legend--rate' }, t('ops.legendRate')),
    svg('text', { x: M.left + 150, y: H - 4, class: 'legend legend--auto' }, t('ops.legendAuto')));
  figure(id, title, root, timeline.map((b) => [hour(b.start), String(b.decided), String(b.rejected), percent(rate(b)), String(b.automatic)]),
    [t('ops.hour'), t('ops.decided'), t('ops.rejected'), t('ops.rate'), t('ops.automatic')]);
}

const hour = (iso) => new Date(iso).toLocaleString(locale(), { day: '2-digit', month: '2-digit', hour: '2-digit' });

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
  figure(id, title, root, entries.map(([l, v]) => [l, String(v)]), [title, t('ops.count')]);
}

function renderReasons(byReason) {
  const entries = Object.entries(byReason ?? {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([code, n]) => [reasonLabel(code), n]);
  if (entries.length === 0) {
    clear($('chart-reasons'), h('figcaption', {}, t('ops.byReason')), h('p', { class: 'muted' }, t('ops.noRejection')));
    return;
  }
  hbars('chart-reasons', t('ops.byReason'), entries, 'bar bar--reason');
}

function renderWho(s) {
  const timeline = Array.isArray(s.timeline) && s.timeline.some((b) => b.decided > 0) ? s.timeline : null;
  const title = t('ops.who');
  if (!timeline) {
    hbars('chart-who', title, [[t('ops.automatic'), s.decisions.automatic], [t('ops.human'), s.decisions.human]], 'bar bar--who');
    return;
  }
  const root = frame(t('ops.whoHourly'));
  // decisions are counted: the axis goes up to a multiple of its 4 steps, so every tick is a whole number (one
  // decision used to read "0, 0,3, 0,5, 0,8, 1")
  const max = 4 * Math.ceil(Math.max(1, ...timeline.map((b) => b.decided)) / 4);
  yAxis(root, max, (v) => v.toLocaleString(locale()));
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
  root.append(svg('text', { x: M.left, y: H - 4, class: 'legend legend--auto' }, t('ops.legendAutoBar')),
    svg('text', { x: M.left + 150, y: H - 4, class: 'legend legend--human' }, t('ops.legendHumanBar')));
  figure('chart-who', title, root, timeline.map((b) => [hour(b.start), String(b.automatic), String(b.decided - b.automatic)]), [t('ops.hour'), t('ops.automatic'), t('ops.human')]);
}

function renderQueue(depth) {
  hbars('chart-queue', t('ops.queues'), [[t('ops.queueReview'), depth.review], [t('ops.queueTriage'), depth.triage]], 'bar bar--queue');
}

/** Per-moderator figures of the window, by name. */
function renderModerators(moderators) {
  if (moderators.length === 0) {
    clear($('moderator-stats'), h('p', { class: 'muted' }, t('ops.noModerator')));
    return;
  }
  clear($('moderator-stats'), h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': t('ops.moderatorsTable') },
    h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ...[t('ops.moderator'), t('ops.decisions'), t('ops.perHour'), t('ops.rejected'), t('ops.followed')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', { id: 'moderator-rows' }, ...moderators.map((m) => h('tr', {}, h('td', {}, who(m.id, null)), h('td', {}, String(m.decisions)),
        h('td', {}, m.perHour.toLocaleString(locale(), { maximumFractionDigits: 1 })), h('td', {}, String(m.rejected ?? '–')), h('td', {}, percent(m.agreementRate))))))));
}
