import { describe, expect, it } from 'vitest';
import { colorFor, initials, peopleHere } from './presence';

describe('peopleHere', () => {
  it('lists this tab first, one entry per person, skipping malformed states', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: { name: 'Bo', color: '#b42318' } }],
      [2, { user: { name: 'Ada', color: '#1f6feb' } }],
      [3, { user: { name: 'Bo', color: '#b42318' } }], // Bo's second tab
      [4, { user: { name: '<img>', color: 'red; background:url(x)' } }],
      [5, {}],
      [6, { user: { name: '   ', color: '#000000' } }],
    ]);
    expect(peopleHere(states, 2)).toEqual([
      { name: 'Ada', color: '#1f6feb', self: true },
      { name: 'Bo', color: '#b42318', self: false },
    ]);
  });
});

describe('colorFor', () => {
  it('gives one person the same valid colour every time', () => {
    expect(colorFor('abc')).toBe(colorFor('abc'));
    expect(colorFor('someone-else')).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('initials', () => {
  it('takes first and last initials, one character for Chinese names', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('bo')).toBe('B');
    expect(initials('王芳')).toBe('王');
  });
});
