// DOM helpers. User text only ever becomes text nodes (textContent), never HTML.
import { currentLang, locale, t } from './i18n.js';

/** h('p', { class: 'x', onclick: fn }, 'text', child) — strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  appendAll(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  appendAll(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function appendAll(el, children) {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  appendAll(el, children);
}

export const $ = (id) => document.getElementById(id);

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The text with each occurrence of `terms` (compared without case or accents) wrapped in <mark>. */
export function highlighted(text, terms) {
  const wanted = [...new Set(terms.map(fold).filter((t) => t.length >= 2))];
  if (wanted.length === 0) return [text];
  // Folding keeps one code unit per letter for Latin text only; map positions through per-character folding.
  const chars = [...text];
  const foldedChars = chars.map((c) => fold(c));
  const folded = foldedChars.join('');
  const starts = [];
  let acc = 0;
  for (const f of foldedChars) { starts.push(acc); acc += f.length; }
  const marks = new Array(folded.length).fill(false);
  for (const term of wanted) {
    for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + 1)) {
      for (let i = at; i < at + term.length; i++) marks[i] = true;
    }
  }
  const out = [];
  let run = '';
  let runMarked = false;
  chars.forEach((c, i) => {
    const marked = marks[starts[i]] ?? false;
    if (marked !== runMarked && run) { out.push(runMarked ? h('mark', {}, run) : run); run = ''; }
    runMarked = marked;
    run += c;
  });
  if (run) out.push(runMarked ? h('mark', {}, run) : run);
  return out;
}

/** What a check quoted in its detail (« … », "…" or '…'): the words it matched, to highlight in the text.
 * Long quotes (a duplicate's whole original text) are not matched words and are left out. */
export function quotedTerms(detail) {
  const out = [];
  for (const m of detail.matchAll(/«\s*([^»]{1,40}?)\s*»|"([^"]{1,40})"|'([^']{1,40})'/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

export function timeAgo(iso, now = Date.now()) {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return t('ago.s', { n: s });
  if (s < 3600) return t('ago.m', { n: Math.round(s / 60) });
  if (s < 86400) return t('ago.h', { n: Math.round(s / 3600) });
  return t('ago.d', { n: Math.round(s / 86400) });
}

/** "84 %" in French and German typography, "84%" in English (as the checks' details write it). */
export const percent = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}${currentLang() === 'en' ? '' : ' '}%`);

/** `text` between the page language's quotation marks, itself marked as written in `lang` (a participant's words). */
export function quotedText(text, lang) {
  const [open, close] = t('quoted').split('{text}');
  return [open, h('span', { lang }, text), close];
}
export const clock = (iso) => new Date(iso).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
export const shortClock = (iso) => new Date(iso).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });

/** Tells the user: shown in the status box and announced (politely for information, at once for errors).
 * `spoken` adds what only a screen reader needs to hear (the next proposal's text, which is on screen anyway). */
export function say(message, kind = 'info', { retry = null, spoken = '' } = {}) {
  $('status-box').hidden = false;
  $('status-box').dataset.kind = kind;
  $('status-text').textContent = message;
  const region = kind === 'error' ? $('alert') : $('status');
  const heard = spoken ? `${message} ${spoken}` : message;
  // the same message twice in a row is announced again only if the region's text changes
  region.textContent = region.textContent === heard ? `${heard}\u00a0` : heard;
  const button = $('status-retry');
  button.hidden = !retry;
  button.onclick = retry ? () => { clearStatus(); retry(); } : null;
}

export function clearStatus() {
  $('status-box').hidden = true;
  $('status-text').textContent = '';
}
