/** Caret colours dark enough for white label text (WCAG AA). */
const PALETTE = ["#0b5c7a", "#8a3b12", "#5b3e96", "#1e6b32", "#9b1c4a", "#6b5200", "#2f4f9e", "#7a2e7a"];

/** A stable colour per user, so everyone sees the same colour for the same person. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}
