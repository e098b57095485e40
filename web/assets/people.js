// Moderators by name: decisions and leases carry key ids; the service lists the names they belong to.
import { api } from './api.js';
import { t } from './i18n.js';

let names = new Map();

export async function loadPeople() {
  const { items } = await api('GET', '/v1/people');
  names = new Map(items.map((p) => [p.id, p.name]));
}

export function who(id, me) {
  if (id === 'system') return t('who.system');
  if (id === me) return t('who.me');
  return names.get(id) ?? id;
}
