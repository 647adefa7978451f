import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clipboardCell, parseTsv, pastedCell, toTsv } from './tsv';

describe('parseTsv', () => {
  it('reads an Excel copy with its trailing CRLF', () => {
    expect(parseTsv('姓名\t体温\r\n王芳\t36.6\r\n李雷\t37.4\r\n')).toEqual([
      ['姓名', '体温'],
      ['王芳', '36.6'],
      ['李雷', '37.4'],
    ]);
  });

  it('reads a Google Sheets copy (LF, no trailing line break)', () => {
    expect(parseTsv('a\tb\nc\td')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('unquotes cells holding line breaks, tabs and quotes', () => {
    expect(parseTsv('"line 1\nline 2"\t"a\tb"\r\n"say ""hi"""\tx\r\n')).toEqual([
      ['line 1\nline 2', 'a\tb'],
      ['say "hi"', 'x'],
    ]);
  });

  it('keeps empty cells and a single cell', () => {
    expect(parseTsv('\t\tz')).toEqual([['', '', 'z']]);
    expect(parseTsv('only')).toEqual([['only']]);
    expect(parseTsv('')).toEqual([]);
  });

  it('keeps a row that is one empty cell in the middle', () => {
    expect(parseTsv('a\n\nb\n')).toEqual([['a'], [''], ['b']]);
  });
});

describe('toTsv', () => {
  it('quotes only the cells that need it', () => {
    expect(
      toTsv([
        ['a', 'b\tc'],
        ['say "hi"', ''],
        ['x\ny', '=1+1'],
      ]),
    ).toBe('a\t"b\tc"\r\n"say ""hi"""\t\r\n"x\ny"\t=1+1');
  });

  it('round-trips any block of text cells', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', '中', ' ', '\t', '\n', '\r\n', '"', ',', '='),
    });
    const block = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
      .chain(([r, c]) =>
        fc.array(fc.array(cell, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
      )
      // A block whose only cell is empty has no text to carry it.
      .filter((b) => !(b.length === 1 && b[0]!.length === 1 && b[0]![0] === ''));
    fc.assert(
      fc.property(block, (b) => {
        const back = parseTsv(toTsv(b));
        // A last row of one empty cell is indistinguishable from a trailing line break.
        const expected =
          b.length > 1 && b.at(-1)!.length === 1 && b.at(-1)![0] === '' ? b.slice(0, -1) : b;
        expect(back).toEqual(expected);
      }),
    );
  });
});

describe('clipboardCell / pastedCell', () => {
  it('copies formula-like text as text, keeps numbers, and pastes back what was copied', () => {
    expect(clipboardCell('=HYPERLINK("http://evil","x")', false)).toBe(
      '\'=HYPERLINK("http://evil","x")',
    );
    expect(clipboardCell('@SUM(A1)', false)).toBe("'@SUM(A1)");
    expect(clipboardCell('-5', true)).toBe('-5');
    expect(clipboardCell('王芳', false)).toBe('王芳');
    expect(pastedCell("'it's")).toBe("'it's");
    fc.assert(
      fc.property(fc.string(), (text) => {
        // Only text that already looks escaped ("'=…") is ambiguous; everything else round-trips.
        fc.pre(!/^'[=+\-@\t\r]/.test(text));
        expect(pastedCell(clipboardCell(text, false))).toBe(text);
      }),
    );
  });
});
