// Entry point: the deployment's brand and vocabulary, the page's language, sign-in, navigation between the
// moderator workspace and the ops dashboard, and what the user is told when something fails.
import { api, setCsrf } from './api.js';
import { $, clear, clearStatus, h, say } from './dom.js';
import { describe, isSignedOut } from './errors.js';
import { UI_LANGUAGES, currentLang, inEveryLanguage, initialLang, langOf, languageName, onLangChange, setLang, setVocabulary, t, translateStatic } from './i18n.js';
import { startModeration, stopModeration } from './review.js';
import { startDashboard, stopDashboard } from './ops.js';
import { translateShortcuts } from './shortcuts.js';
import { setSettings } from './settings.js';
import { startAppeals, stopAppeals } from './appeals.js';

const VIEWS = ['login-view', 'moderation-view', 'appeals-view', 'ops-view'];
/** A view's address is in the page's language ('#/dashboard', '#/tableau-de-bord'); one written in any page
 * language opens the same view, so a link shared between moderators works whatever language each reads. */
const ROUTES = { 'moderation-view': 'route.moderation', 'appeals-view': 'route.appeals', 'ops-view': 'route.dashboard' };
const viewAt = (hash) => Object.keys(ROUTES).find((view) => inEveryLanguage(ROUTES[view]).includes(hash)) ?? null;
let session = null;
let brand = '';

function show(view) {
  for (const id of VIEWS) $(id).hidden = id !== view;
  $('nav').hidden = view === 'login-view';
}

const canModerate = () => ['moderator', 'admin'].includes(session?.principal.role);
const canSeeDashboard = () => ['ops', 'admin'].includes(session?.principal.role);

function setTitle(view) {
  const parts = [view, t('product'), brand].filter(Boolean);
  document.title = parts.join(' – ');
}

async function route() {
  if (!session) {
    stopModeration();
    stopDashboard();
    stopAppeals();
    show('login-view');
    setTitle(t('login.title'));
    $('login-token').focus();
    return;
  }
  const wanted = viewAt(location.hash);
  const wantsOps = wanted === 'ops-view';
  const ops = canSeeDashboard() && (wantsOps || !canModerate());
  $('nav-moderation').hidden = !canModerate();
  $('nav-ops').hidden = !canSeeDashboard();
  const appeals = !ops && canModerate() && wanted === 'appeals-view';
  $('nav-appeals').hidden = !canModerate();
  const current = ops ? 'nav-ops' : appeals ? 'nav-appeals' : 'nav-moderation';
  for (const id of ['nav-moderation', 'nav-appeals', 'nav-ops']) $(id).setAttribute('aria-current', id === current ? 'page' : 'false');
  const consultations = (await api('GET', '/v1/consultations')).items;
  if (!appeals) stopAppeals();
  if (appeals) {
    stopModeration();
    stopDashboard();
    show('appeals-view');
    setTitle(t('nav.appeals'));
    await startAppeals(session, consultations);
  } else if (ops) {
    stopModeration();
    show('ops-view');
    setTitle(t('nav.dashboard'));
    await startDashboard(consultations, fail);
  } else {
    stopDashboard();
    show('moderation-view');
    setTitle(t('nav.moderation'));
    await startModeration(session, consultations, fail);
  }
}

function renderUser() {
  if (!session) return;
  const p = session.principal;
  clear($('user-name'), `${p.name ?? p.id} (${t(`role.${p.role}`)})`);
}

function signedIn(info) {
  session = info;
  setCsrf(info.csrfToken);
  const own = langOf(info.principal.id);
  if (own && own !== currentLang()) setLang(own, info.principal.id);
  renderUser();
}

/** Back to sign-in (revoked key, expired session), saying why. */
function signedOut(message) {
  session = null;
  setCsrf(null);
  route().catch(fail);
  if (message) {
    $('login-error').textContent = message;
    // heard once (the alert region) and seen once: under the key field, not in the status line too
    say(message, 'error');
    $('status-box').hidden = true;
  }
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('login-token');
  $('login-error').textContent = '';
  input.removeAttribute('aria-invalid');
  try {
    if (!settingsLoaded) await loadSettings();
    signedIn(await api('POST', '/v1/session', { token: input.value.trim() }));
    input.value = '';
    clearStatus();
    say(t('login.done'));
    await route();
  } catch (err) {
    const known = { 401: 'login.unknown', 403: 'login.forbidden', 422: 'login.empty' }[err.status];
    $('login-error').textContent = known ? t(known) : describe(err);
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
});

$('sign-out').addEventListener('click', async () => {
  await api('DELETE', '/v1/session').catch(() => undefined);
  signedOut(null);
  say(t('login.out'));
});

window.addEventListener('hashchange', () => { route().catch(fail); });

/** Every failure ends here: said in the moderator's language, with what to do. */
function fail(err) {
  if (isSignedOut(err)) {
    if (session) signedOut(t('err.revoked'));
    return;
  }
  say(describe(err), 'error');
}
window.addEventListener('unhandledrejection', (e) => { e.preventDefault(); fail(e.reason); });
window.addEventListener('offline', () => say(t('err.offline'), 'error'));
window.addEventListener('online', () => clearStatus());

function languageChooser() {
  const select = $('ui-lang');
  const fill = () => {
    clear(select, ...UI_LANGUAGES.map((code) => h('option', { value: code, lang: code }, languageName(code, true))));
    select.value = currentLang();
  };
  fill();
  select.addEventListener('change', () => setLang(select.value, session?.principal.id ?? null));
  onLangChange(() => {
    clearStatus(); // a message said in the previous language
    select.value = currentLang();
    renderUser();
    translateShortcuts();
    const view = VIEWS.find((id) => !$(id).hidden);
    // the address follows the language, without a hashchange (the view stays as it is)
    if (ROUTES[view] && viewAt(location.hash) === view && location.hash !== t(ROUTES[view])) history.replaceState(null, '', t(ROUTES[view]));
    setTitle({ 'ops-view': t('nav.dashboard'), 'moderation-view': t('nav.moderation'), 'appeals-view': t('nav.appeals') }[view] ?? t('login.title'));
  });
}

let settingsLoaded = false;

/** The deployment's brand, reason codes and labels (one catalogue, served by the service). Without them the reject
 * menu has no reasons: read again at sign-in when the service did not answer at first. */
async function loadSettings() {
  try {
    const settings = await api('GET', '/v1/ui');
    setVocabulary(settings);
    setSettings(settings);
    brand = settings.brand ?? '';
    settingsLoaded = true;
  } catch { /* said when signing in fails the same way */ }
  $('brand-name').textContent = brand;
  $('brand-name').hidden = !brand;
}

async function boot() {
  await loadSettings();
  setLang(initialLang());
  languageChooser();
  translateStatic();
  try {
    signedIn(await api('GET', '/v1/session'));
  } catch {
    session = null;
  }
  await route();
}

boot().catch(fail);
