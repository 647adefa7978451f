import { describe, expect, it } from 'vitest';
import { parseHTML, parseMarkdown, serializeMarkdown, toPlainText } from '../src/index.js';

const SAMPLE = `# Daily report

## Wards

Some **bold**, *italic*, <u>underlined</u>, ~~struck~~ and \`inline code\` with a [link](https://example.org/a?b=1) and [mail](mailto:desk@example.org), a mention of @[Ada Lovelace](u_ada1) and a hard\\
break.

* bullet
  * nested bullet
    1. nested ordered
* second bullet

3. starts at three
4. four

- [ ] to do
- [x] done
  - [ ] nested task

> A quote
>
> * with a list

\`\`\`ts
const x = '<script>';
\`\`\`

---

| ward | beds |
| --- | --- |
| North | **12** |
| South | 7 |

::embed[stats](s_today)

![chart](https://example.org/chart.png "Chart")

Text with special characters: 1 \\< 2, a \\| b, \\*not emphasis\\*, \\[not a link\\](x), @\\[not a mention\\](y)`;

describe('Markdown', () => {
  it('round-trips every node and mark of the schema: parse → serialise → parse is stable', () => {
    const doc = parseMarkdown(SAMPLE);
    const markdown = serializeMarkdown(doc);
    const again = parseMarkdown(markdown);
    expect(again.toJSON()).toEqual(doc.toJSON());
    expect(serializeMarkdown(again)).toBe(markdown);
    expect(markdown).toBe(SAMPLE);
  });

  it('maps the Muster extensions onto their nodes', () => {
    const json = JSON.stringify(parseMarkdown(SAMPLE).toJSON());
    for (const type of [
      'task_list',
      'task_item',
      'mention',
      'embed',
      'table_header',
      'table_cell',
      'code_block',
      'hard_break',
      'image',
      'underline',
      'strike',
    ]) {
      expect(json).toContain(`"type":"${type}"`);
    }
    expect(json).toContain('"checked":true');
  });

  it('reduces unsafe links and images to text', () => {
    // markdown-it itself refuses javascript: and data: URLs; relative and ftp: URLs it accepts
    // are refused by our own check.
    const doc = parseMarkdown(
      '[a](javascript:alert(1)) [b](/relative) [c](ftp://host/file) ![d](/img.png) ![e](data:image/png;base64,AA) [f](https://ok.example/)',
    );
    const links = JSON.stringify(doc.toJSON()).match(/"type":"link"/g) ?? [];
    expect(links).toHaveLength(1);
    expect(JSON.stringify(doc.toJSON())).not.toContain('"type":"image"');
    expect(toPlainText(doc)).toBe('[a](javascript:alert(1)) b c d e f');
  });

  it('keeps raw HTML as literal text', () => {
    const doc = parseMarkdown('<div onclick="alert(1)">hi</div>\n\ntext <b>bold?</b>');
    expect(toPlainText(doc)).toBe('<div onclick="alert(1)">hi</div>\ntext <b>bold?</b>');
    expect(parseMarkdown(serializeMarkdown(doc)).toJSON()).toEqual(doc.toJSON());
  });
});

describe('plain text and HTML import', () => {
  it('exports one line per text block', () => {
    const doc = parseMarkdown(
      '# T\n\nHi @[Ada](u1)\\\nthere\n\n| a | b |\n| --- | --- |\n| 1 | 2 |',
    );
    expect(toPlainText(doc)).toBe('T\nHi @Ada\nthere\na\nb\n1\n2');
  });

  it('imports HTML into the schema and back out as Markdown', () => {
    const doc = parseHTML(
      '<h1>Title</h1><p>A <strong>b</strong> <em>c</em> <a href="https://e.org/">d</a></p>' +
        '<ul data-type="task-list"><li data-checked="true"><p>done</p></li></ul><hr>',
    );
    expect(serializeMarkdown(doc)).toBe(
      '# Title\n\nA **b** *c* [d](https://e.org/)\n\n- [x] done\n\n---',
    );
  });
});
