/** Initials and a stable colour per person, for presence avatars. */

/** Dark enough for white initials at WCAG AA (4.5:1). */
const palette = ['#1f5f99', '#8a3b12', '#2e6b30', '#6b3fa0', '#a3324a', '#00676b', '#7a5a00', '#3d4f8f'];

export function initials(name: string): string {
  // Titles are not initials: "Cllr Priya Shah" is PS.
  // …nor is a role in brackets: "Alex Morgan (Democratic Services)" is AM.
  const words = name
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\b(Cllr|Councillor|Mr|Mrs|Ms|Dr)\.?\s+/gi, '')
    .split(/\s+/)
    .filter((word) => /^\p{L}/u.test(word));
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words.slice(0, 1);
  return letters.map((word) => word[0]!.toUpperCase()).join('') || '?';
}

/** The same colour for the same person on every screen, whatever colour their client claims. */
export function colourFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length]!;
}
