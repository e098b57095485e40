/** Formatting shared by the checks' one-line details (French typography: "62 %", « … »). */

export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** 'a', 'b', 'c'… — the first few pieces of evidence, quoted. */
export function quoteList(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).map((w) => `'${w}'`).join(', ');
  return items.length > max ? shown + '…' : shown;
}
