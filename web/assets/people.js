// Moderators by name: decisions and leases carry key ids; the service lists the names they belong to.
import { api } from './api.js';
import { t } from './i18n.js';

let names = new Map();
let people = [];

export async function loadPeople() {
  const { items } = await api('GET', '/v1/people');
  names = new Map(items.map((p) => [p.id, p.name]));
  people = items;
}

/** The moderators a proposal can be assigned to (ops keys cannot decide), by name. */
export const assignable = () => people.filter((p) => p.role === 'moderator').sort((a, b) => a.name.localeCompare(b.name));

export function who(id, me) {
  if (id === 'system') return t('who.system');
  if (id === me) return t('who.me');
  return names.get(id) ?? id;
}
