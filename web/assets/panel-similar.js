// Panel: earlier similar proposals with their decisions, and grouping one with the proposal into one idea.
import { api } from './api.js';
import { h, percent, say } from './dom.js';
import { reasonLabel, t } from './i18n.js';
import { registerPanel } from './panels.js';

registerPanel({
  id: 'similar',
  title: () => t('side.similar'),
  render(item, ctx) {
    if (!item.similar?.length) return h('p', { class: 'muted' }, t('side.noSimilar'));
    return item.similar.map((s) => {
      const same = item.groupId && s.groupId === item.groupId;
      return h('article', { class: 'similar-card' },
        h('p', { class: 'similar-card__head' }, h('span', {}, t('side.similarity', { p: percent(s.similarity) })),
          h('span', { class: `badge badge--${s.status ?? 'queued'}` }, s.status ? t(`st.${s.status}`) : '—')),
        h('p', { class: 'similar-card__text', lang: ctx.proposalLang() }, s.text),
        s.decision ? h('p', { class: 'muted small' },
          `${s.decision.reason ? t('labelled', { label: t(`out.${s.decision.outcome}`), value: reasonLabel(s.decision.reason) }) : t(`out.${s.decision.outcome}`)} ${t('decided.by', { who: ctx.who(s.decision.decidedBy) })}`) : null,
        same ? h('p', { class: 'badge badge--idea' }, t('side.sameIdea'))
          : h('button', { type: 'button', class: 'btn btn--tertiary btn--small', onclick: async (e) => {
            try {
              const group = await api('POST', `/v1/consultations/${ctx.cid}/groups/join`, { proposals: [s.id, item.id] });
              item.groupId = group.id;
              s.groupId = group.id;
              e.target.replaceWith(h('p', { class: 'badge badge--idea' }, t('side.sameIdea')));
              say(t('said.grouped', { n: group.size }));
            } catch (err) { ctx.report(err); }
          } }, t('side.group')));
    });
  },
});
