import type { Condition, Question } from './questions';

/** Answers by question id, as stored in a submission (unknown shape until validated). */
export type Answers = Readonly<Record<string, unknown>>;

/** True when an answer counts as given: not null/undefined, not blank text, not an empty list. */
export function isAnswered(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') {
    const o = value as { choices?: unknown; other?: unknown; text?: unknown };
    if (Array.isArray(o.choices)) return o.choices.length > 0 || isAnswered(o.other);
    if ('text' in o) return isAnswered(o.text);
  }
  return true;
}

function includes(answer: unknown, value: unknown): boolean {
  if (typeof answer === 'string' && typeof value === 'string')
    return answer.toLowerCase().includes(value.toLowerCase());
  if (Array.isArray(answer)) return answer.includes(value);
  if (answer !== null && typeof answer === 'object') {
    const o = answer as { choices?: unknown; other?: unknown; text?: unknown; region?: unknown };
    if (Array.isArray(o.choices)) return o.choices.includes(value) || includes(o.other, value);
    return includes(o.text, value) || includes(o.region, value);
  }
  return answer === value;
}

function compare(answer: unknown, value: unknown): number | null {
  if (typeof answer === 'number' && typeof value === 'number') return answer - value;
  // Dates and times compare as text (`YYYY-MM-DD`, `HH:mm`).
  if (typeof answer === 'string' && typeof value === 'string')
    return answer < value ? -1 : answer > value ? 1 : 0;
  return null;
}

function holds(c: Condition, answerOf: (id: string) => unknown): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, answerOf));
  if ('any' in c) return c.any.some((x) => holds(x, answerOf));
  const answer = answerOf(c.question);
  switch (c.op) {
    case 'answered':
      return isAnswered(answer);
    case 'notAnswered':
      return !isAnswered(answer);
    case 'is':
      return answer === c.value;
    case 'isNot':
      return answer !== c.value;
    case 'contains':
      return isAnswered(answer) && includes(answer, c.value);
    case 'gte': {
      const d = compare(answer, c.value);
      return d !== null && d >= 0;
    }
    case 'lte': {
      const d = compare(answer, c.value);
      return d !== null && d <= 0;
    }
  }
}

/**
 * Which questions are shown for these answers. A condition that refers to a hidden question sees
 * it as unanswered, so nested conditions hide whole chains; a condition that refers (directly or
 * through others) to its own question, or to an unknown question, sees "unanswered" too.
 *
 * @example
 * visibleQuestions(questions, { fever: true }) // → Set { 'fever', 'feverSince', … }
 */
export function visibleQuestions(questions: readonly Question[], answers: Answers): Set<string> {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const memo = new Map<string, boolean>();
  const visiting = new Set<string>();
  const isVisible = (id: string): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const q = byId.get(id);
    if (!q || visiting.has(id)) return false;
    visiting.add(id);
    const shown =
      q.visibleIf === undefined ||
      holds(q.visibleIf, (ref) => (isVisible(ref) ? answers[ref] : undefined));
    visiting.delete(id);
    memo.set(id, shown);
    return shown;
  };
  const out = new Set<string>();
  for (const q of questions) if (isVisible(q.id)) out.add(q.id);
  return out;
}
