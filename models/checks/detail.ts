/** Formatting shared by the checks' one-line details (French typography: "62 %", « … »). */

/** Whole points; with `fine`, one decimal under 1 % ("0,3 %"), for shares that small (learnt review points). */
export function percent(share: number, fine = false): string {
  return `${fine && share < 0.01 ? (share * 100).toFixed(1).replace('.', ',') : Math.round(share * 100)} %`;
}

/** 'a', 'b', 'c'… — the first few pieces of evidence, quoted. */
export function quoteList(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).map((w) => `'${w}'`).join(', ');
  return items.length > max ? shown + '…' : shown;
}
