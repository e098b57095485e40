// Side panels beside the proposal: each lives in its own file and registers itself here, so a new panel
// (reports, appeals…) is one new file and one import in review.js. A panel gets the proposal on screen and a
// context (who is who, the consultation, a way to tell the user and to refresh), and returns its content.
import { clear, h } from './dom.js';
import { t } from './i18n.js';

const panels = [];

/** { id, title: () => string, render(item, ctx) => Promise<Node|Node[]|null> | Node|Node[]|null } */
export function registerPanel(panel) {
  panels.push(panel);
}

let generation = 0;

/** Renders every panel for `item` (null: the queue is empty) into `container`, one <section> each. */
export async function renderPanels(container, item, ctx) {
  const mine = ++generation;
  const sections = panels.map((p) => {
    const body = h('div', { class: 'side__body', id: `panel-${p.id}` });
    return { p, body, section: h('section', { class: 'panel side__panel', 'aria-labelledby': `panel-${p.id}-title` }, h('h2', { id: `panel-${p.id}-title` }, p.title()), body) };
  });
  clear(container, ...sections.map((s) => s.section));
  await Promise.all(sections.map(async ({ p, body, section }) => {
    try {
      const content = item ? await p.render(item, ctx) : null;
      if (mine !== generation) return;
      if (content === null || content === undefined) section.hidden = true;
      else clear(body, ...[content].flat());
    } catch (err) {
      if (mine === generation) clear(body, h('p', { class: 'muted' }, ctx.describe(err)));
    }
  }));
}

export const noneYet = () => h('p', { class: 'muted' }, t('side.noSimilar'));
