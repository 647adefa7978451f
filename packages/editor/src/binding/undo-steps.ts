import { AddMarkStep, RemoveMarkStep, type Step } from 'prosemirror-transform';

// Where undo steps begin. Yjs' UndoManager folds every change made within 500 ms of the last
// into one step. Like prosemirror-history, a change that does not touch the text the previous
// change wrote starts a step of its own even without a pause: Mod-z after typing in two places
// undoes the last place only. It also keeps steps small for someone who never pauses, which
// matters for speed: Yjs merges a step's whole delete set again on every change added to it.

/** Start and end pairs, flat, of what the last local change wrote, in its result document. */
export type WrittenRanges = readonly number[];

/** The ranges `steps` wrote, in the document after the last of them. */
export function writtenRanges(steps: readonly Step[]): WrittenRanges {
  let ranges: number[] = [];
  for (const step of steps) {
    const map = step.getMap();
    const next: number[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      next.push(map.map(ranges[i]!, -1), map.map(ranges[i + 1]!, 1));
    }
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => next.push(newStart, newEnd));
    // Mark steps move nothing, so their map is empty; what they wrote is their range.
    if (step instanceof AddMarkStep || step instanceof RemoveMarkStep)
      next.push(step.from, step.to);
    ranges = next;
  }
  return ranges;
}

/**
 * Whether `steps`, applied to the document the previous change produced, continue it: the
 * first of them replaces or inserts next to or inside a range the previous change wrote. Steps
 * that change nothing (a mark already present) count as continuing.
 */
export function continues(previous: WrittenRanges, steps: readonly Step[]): boolean {
  const first = steps[0];
  if (first === undefined) return true;
  let touched = false;
  let changed = false;
  first.getMap().forEach((oldStart, oldEnd) => {
    changed = true;
    for (let i = 0; i < previous.length; i += 2) {
      if (oldStart <= previous[i + 1]! && oldEnd >= previous[i]!) touched = true;
    }
  });
  return touched || !changed;
}
