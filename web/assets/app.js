// Entry point: sign-in, navigation between the moderator workspace and the ops dashboard.
import { api, ApiError, setCsrf } from './api.js';
import { $, clear, say } from './dom.js';
import { startModeration, stopModeration } from './review.js';
import { startDashboard, stopDashboard } from './ops.js';
import { startAppeals, stopAppeals } from './appeals.js';

const VIEWS = ['login-view', 'moderation-view', 'appeals-view', 'ops-view'];
let session = null;


function show(view) {
  for (const id of VIEWS) $(id).hidden = id !== view;
  $('nav').hidden = view === 'login-view';
}

const canModerate = () => ['moderator', 'admin'].includes(session?.principal.role);
const canSeeDashboard = () => ['ops', 'admin'].includes(session?.principal.role);

async function route() {
  if (!session) {
    stopModeration();
    stopDashboard();
    stopAppeals();
    show('login-view');
    $('login-token').focus();
    return;
  }
  const wantsOps = location.hash === '#/tableau-de-bord';
  const ops = canSeeDashboard() && (wantsOps || !canModerate());
  $('nav-moderation').hidden = !canModerate();
  $('nav-ops').hidden = !canSeeDashboard();
  const appeals = !ops && canModerate() && location.hash === '#/recours';
  $('nav-appeals').hidden = !canModerate();
  $('nav-moderation').setAttribute('aria-current', String(!ops && !appeals));
  $('nav-appeals').setAttribute('aria-current', String(appeals));
  $('nav-ops').setAttribute('aria-current', String(ops));
  const consultations = (await api('GET', '/v1/consultations')).items;
  if (!appeals) stopAppeals();
  if (appeals) {
    stopModeration();
    stopDashboard();
    show('appeals-view');
    document.title = 'Recours et signalements – Tri des propositions';
    await startAppeals(session, consultations);
  } else if (ops) {
    stopModeration();
    show('ops-view');
    document.title = 'Tableau de bord – Tri des propositions';
    await startDashboard(consultations);
  } else {
    stopDashboard();
    show('moderation-view');
    document.title = 'Modération – Tri des propositions';
    await startModeration(session, consultations);
  }
}

function signedIn(info) {
  session = info;
  setCsrf(info.csrfToken);
  const p = info.principal;
  clear($('user-name'), `${p.name ?? p.id} (${p.role === 'ops' ? 'pilotage' : p.role === 'admin' ? 'administration' : 'modération'})`);
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('login-token');
  $('login-error').textContent = '';
  try {
    signedIn(await api('POST', '/v1/session', { token: input.value.trim() }));
    input.value = '';
    say('Vous êtes connecté.');
    await route();
  } catch (err) {
    const messages = { 401: 'Clé inconnue ou révoquée.', 403: 'Cette clé ne donne pas accès à l’espace de modération.', 422: 'Saisissez une clé.' };
    $('login-error').textContent = err instanceof ApiError ? (messages[err.status] ?? err.message) : 'Le service ne répond pas.';
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
});

$('sign-out').addEventListener('click', async () => {
  await api('DELETE', '/v1/session').catch(() => undefined);
  session = null;
  setCsrf(null);
  say('Vous êtes déconnecté.');
  await route();
});

window.addEventListener('hashchange', () => { route().catch(fail); });

function fail(err) {
  if (err instanceof ApiError && err.status === 401) {
    session = null;
    say('Votre session a expiré : reconnectez-vous.', 'error');
    route();
    return;
  }
  say(`Erreur : ${err.message}`, 'error');
}
window.addEventListener('unhandledrejection', (e) => fail(e.reason));

try {
  signedIn(await api('GET', '/v1/session'));
} catch {
  session = null;
}
route().catch(fail);
