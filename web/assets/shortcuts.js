// Single-key shortcuts without traps (WCAG 2.1.4): they act only when the focus is not in a form control
// (a filter, the note, the search field keep their letters), a held key acts once (auto-repeat is ignored),
// the moderator can turn them off (remembered), and `?` shows them all.
import { $, clear, h } from './dom.js';
import { t } from './i18n.js';

const STORAGE_KEY = 'shortcuts';
const LIST = [
  [['a'], 'keys.a'], [['r'], 'keys.r'], [['s'], 'keys.s'], [['j', 'k'], 'keys.jk'], [['u'], 'keys.u'], [['n'], 'keys.n'],
  [['kbd.esc'], 'keys.esc'], [['?'], 'keys.help.key'],
];

export const shortcutsOn = () => localStorage.getItem(STORAGE_KEY) !== 'off';

export function isFormControl(el) {
  if (!el || el.nodeType !== 1) return false;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.isContentEditable;
}

/** `handle(event)` gets the keys meant as shortcuts; `active()` says whether the view using them is shown. */
export function bindShortcuts({ active, handle, leaveField }) {
  const toggle = $('shortcuts-on');
  toggle.checked = shortcutsOn();
  toggle.addEventListener('change', () => {
    localStorage.setItem(STORAGE_KEY, toggle.checked ? 'on' : 'off');
    renderHelp();
  });
  $('shortcuts-help-open').addEventListener('click', openHelp);
  const paused = $('shortcuts-paused');
  document.addEventListener('focusin', (e) => { paused.hidden = !(isFormControl(e.target) && shortcutsOn() && active()); });
  document.addEventListener('focusout', () => { paused.hidden = true; });

  document.addEventListener('keydown', (e) => {
    if (!active() || e.ctrlKey || e.metaKey || e.altKey || $('shortcuts-help').open) return;
    if (isFormControl(e.target)) {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.target.blur();
        leaveField();
      }
      return;
    }
    if (!shortcutsOn()) return;
    if (e.key === '?') {
      e.preventDefault();
      if (!e.repeat) openHelp();
      return;
    }
    // A key held down repeats: one decision per press, never a burst.
    if (e.repeat) {
      if (e.key.length === 1 || e.key === 'Enter') e.preventDefault();
      return;
    }
    handle(e);
  });
  renderHelp();
}

function renderHelp() {
  clear($('shortcuts-list'), ...LIST.flatMap(([keys, label]) => [
    h('dt', {}, ...keys.flatMap((k, i) => [i ? ' / ' : null, h('kbd', {}, k.startsWith('kbd.') ? t(k) : k)])),
    h('dd', {}, t(label)),
  ]), h('dt', {}, '—'), h('dd', {}, t('keys.off')));
}

function openHelp() {
  renderHelp();
  $('shortcuts-help').showModal();
}

export { renderHelp as translateShortcuts };
