/** How much of a proposal the model-based checks read. Proposals are ≤ 140 characters on most platforms, but
 * intake takes up to 5,000 and the models' cost grows with length (a 5,000-character text costs ≈ 150 ms);
 * the first 1,000 characters tell the language, the readability and the tone as well as the whole. */
export const ANALYSED_CHARS = 1000;

export function analysed(normalized: string): string {
  return normalized.length <= ANALYSED_CHARS ? normalized : normalized.slice(0, ANALYSED_CHARS);
}
