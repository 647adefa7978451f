/** One person shown in the "here now" avatars. */
export interface Present {
  name: string;
  color: string;
  /** True for this tab's own entry. */
  self: boolean;
}

// Distinct hues that keep white initials readable (WCAG AA against #fff).
const PALETTE = ['#1f6feb', '#b42318', '#7a3fb0', '#0e7a4f', '#a15c00', '#0b6e8a', '#b3246b'];
const COLOR = /^#[0-9a-fA-F]{6}$/;

/** A stable colour for a person id, so someone keeps their colour across tabs and visits. */
export function colorFor(id: string): string {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#1f6feb';
}

/**
 * The people present in a room's awareness states (`user: { name, color }` as the editor
 * publishes it), one entry per name + colour (a person with two tabs shows once), this tab
 * first. Malformed states from other clients are skipped, never shown raw.
 */
export function peopleHere(states: Map<number, Record<string, unknown>>, self: number): Present[] {
  const seen = new Map<string, Present>();
  const ordered = [...states.entries()].sort(([a], [b]) =>
    a === self ? -1 : b === self ? 1 : a - b,
  );
  for (const [client, state] of ordered) {
    const user = state.user as { name?: unknown; color?: unknown } | undefined;
    if (!user || typeof user.name !== 'string' || typeof user.color !== 'string') continue;
    const name = user.name.trim().slice(0, 100);
    if (!name || !COLOR.test(user.color)) continue;
    const key = `${name}\u0000${user.color}`;
    if (!seen.has(key)) seen.set(key, { name, color: user.color, self: client === self });
  }
  return [...seen.values()];
}

/** Up to two initials for an avatar: "Ada Lovelace" → "AL", "王芳" → "王". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = [...(words[0] ?? '?')][0] ?? '?';
  if (/[\u3400-\u9fff]/.test(first) || words.length < 2) return first.toUpperCase();
  return (first + ([...(words.at(-1) ?? '')][0] ?? '')).toUpperCase();
}
