// Panel: the author's other proposals in the consultation (earlier refusals say a lot), when the platform
// sent an authorId.
import { api } from './api.js';
import { h } from './dom.js';
import { reasonLabel, t } from './i18n.js';
import { registerPanel } from './panels.js';

registerPanel({
  id: 'author',
  title: () => t('side.author'),
  async render(item, ctx) {
    if (!item.authorId) return h('p', { class: 'muted' }, t('side.noAuthor'));
    const { items, total, rejected } = await api('GET', `/v1/proposals/${encodeURIComponent(item.id)}/author`);
    if (items.length === 0) return h('p', { class: 'muted' }, t('side.authorNone'));
    return [
      h('p', { id: 'author-summary' }, t('side.authorSummary', { n: total, r: rejected })),
      h('ul', { class: 'author-list' }, ...items.map((p) => h('li', {},
        h('span', { class: `badge badge--${p.status}` }, t(`st.${p.status}`)),
        p.decision?.reason ? ` ${reasonLabel(p.decision.reason)}` : '',
        h('span', { class: 'author-list__text', lang: ctx.proposalLang() }, p.text)))),
    ];
  },
});
