import { DOMSerializer, type Node as PMNode } from 'prosemirror-model';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHTML, schema, serializeMarkdown } from '../src/index.js';
import { mountPeer, unmount, type Peer } from './helpers.js';

const peers: Peer[] = [];
afterEach(() => {
  for (const peer of peers.splice(0)) unmount(peer);
});

/** Pastes through a real ClipboardEvent, the way a browser delivers Ctrl-V to the editor. */
function paste(html: string): Peer {
  const peer = mountPeer('Ada', '#30bced');
  peers.push(peer);
  const data = new DataTransfer();
  data.setData('text/html', html);
  data.setData('text/plain', 'plain fallback');
  const event = new ClipboardEvent('paste', {
    clipboardData: data,
    bubbles: true,
    cancelable: true,
  });
  peer.editor.view.dom.dispatchEvent(event);
  // ProseMirror calls preventDefault once it has handled the paste itself.
  expect(event.defaultPrevented).toBe(true);
  return peer;
}

function renderedHTML(doc: PMNode): string {
  const div = document.createElement('div');
  div.append(DOMSerializer.fromSchema(schema).serializeFragment(doc.content));
  return div.innerHTML;
}

const FORBIDDEN = [
  /<script/i,
  /<style/i,
  /\son\w+=/i,
  /javascript:/i,
  /\sstyle=/i,
  /<iframe/i,
  /alert\(/i,
];

function expectClean(peer: Peer): void {
  const { doc } = peer.editor.view.state;
  const outputs = {
    json: JSON.stringify(doc.toJSON()),
    html: renderedHTML(doc),
    dom: peer.editor.view.dom.innerHTML,
    ydoc: peer.doc.getXmlFragment('body').toString(),
  };
  for (const [where, output] of Object.entries(outputs)) {
    for (const pattern of FORBIDDEN) {
      expect(pattern.test(output), `${pattern} found in ${where}: ${output}`).toBe(false);
    }
  }
}

interface Case {
  name: string;
  html: string;
  /** The document, as Markdown, the paste must produce. */
  markdown: string;
}

const nasty: Case[] = [
  {
    name: 'img with onerror and a relative src is dropped',
    html: '<p>before<img src="x" onerror="window.pwned=1">after</p>',
    markdown: 'beforeafter',
  },
  {
    name: 'img with a safe src keeps the image but not the handler',
    html: '<img src="https://example.org/a.png" alt="a" onerror="window.pwned=1" onload="x()">',
    markdown: '![a](https://example.org/a.png)',
  },
  {
    name: 'javascript: links lose the link, keep the text',
    html:
      '<p><a href="javascript:alert(1)">one</a> <a href=" JaVaScRiPt:alert(1)">two</a> ' +
      '<a href="java&#x09;script:alert(1)">three</a> <a href="data:text/html,<script>alert(1)</script>">four</a></p>',
    markdown: 'one two three four',
  },
  {
    name: 'safe links keep href only',
    html: '<a href="https://ok.example/" onclick="steal()" style="color:red" target="_top">ok</a> <a href="mailto:a@b.example">mail</a>',
    markdown: '[ok](https://ok.example/) [mail](mailto:a@b.example)',
  },
  {
    name: 'script and style elements vanish with their content',
    html: '<script>window.pwned=1</script><style>p{color:red}</style><p style="color:red" onmouseover="x()">styled</p>',
    markdown: 'styled',
  },
  {
    name: 'svg, iframe, object, forms and event attributes',
    html:
      '<svg onload="alert(1)"><script>alert(1)</script></svg><iframe src="javascript:alert(1)"></iframe>' +
      '<object data="javascript:alert(1)"></object><details open ontoggle="alert(1)"><summary>sum</summary></details>' +
      '<form action="javascript:alert(1)"><input onfocus="alert(1)" autofocus value="v"></form><p>end</p>',
    markdown: 'sum\n\nend',
  },
  {
    name: 'embeds keep only a valid kind and id',
    html:
      '<div data-embed-kind="stats" data-embed-id="abc_1" onclick="alert(1)" style="x"></div>' +
      '<div data-embed-kind="evil" data-embed-id="abc"></div><div data-embed-kind="form" data-embed-id="&quot;><script>"></div>',
    markdown: '::embed[stats](abc_1)',
  },
  {
    name: 'mentions keep id and name only',
    html: '<p>hi <span data-mention-id="u1" onmouseover="alert(1)" style="color:red">@Ada</span></p>',
    markdown: 'hi @[Ada](u1)',
  },
  {
    name: 'Word: Office XML, mso styles, o:p and list paragraphs',
    html: `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->
<style>p.MsoNormal{mso-style-parent:"";margin:0cm;font-family:"Calibri",sans-serif;}</style></head>
<body lang=EN-GB style='tab-interval:36.0pt'><!--StartFragment-->
<h1 style='mso-outline-level:1'><span lang=EN-GB>Daily report<o:p></o:p></span></h1>
<p class=MsoNormal><b style='mso-bidi-font-weight:normal'><span lang=EN-GB>Bold</span></b><span lang=EN-GB> and <i>italic</i><o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-GB>First<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-add-space:auto;text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='font-family:"Courier New"'><span style='mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-GB>Nested<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-GB>Second<o:p></o:p></span></p>
<p class=MsoListParagraph style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]>Numbered</p>
<!--EndFragment--></body></html>`,
    markdown:
      '# Daily report\n\n**Bold** and *italic*\n\n* First\n  * Nested\n* Second\n\n1. Numbered',
  },
  {
    name: 'WPS: mso-like spans with fonts and spacing',
    html: `<meta charset="utf-8"><p class="MsoNormal" style="mso-pagination:widow-orphan;"><span style="mso-spacerun:'yes';font-family:宋体;font-weight:bold;mso-font-kerning:1.0000pt;">健康</span><span style="font-family:宋体;font-style:italic;">打卡</span><span style="mso-spacerun:'yes';font-family:Calibri;"><o:p></o:p></span></p>`,
    markdown: '**健康***打卡*',
  },
  {
    name: 'Google Docs: bold wrapper with font-weight:normal, styles as marks',
    html:
      '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-12ab"><h2 dir="ltr"><span style="font-size:16pt;">Heading</span></h2>' +
      '<p dir="ltr" style="line-height:1.38;"><span style="font-weight:700;">Bold</span><span style="font-weight:400;"> plain </span>' +
      '<span style="font-style:italic;">It</span><span style="text-decoration:underline;">U</span><span style="text-decoration:line-through;">S</span></p>' +
      '<ul><li dir="ltr" style="list-style-type:disc;" aria-level="1"><p dir="ltr" role="presentation"><span>item</span></p></li></ul></b>',
    markdown: '## Heading\n\n**Bold** plain *It*<u>U</u>~~S~~\n\n* item',
  },
  {
    name: 'a web page with tables and code',
    html:
      '<article><h4>Deep heading</h4><table><tr><th>a</th><th>b</th></tr><tr><td onclick="x">1</td><td><b>2</b></td></tr></table>' +
      '<pre class="language-js"><code>let x = 1;\n</code></pre><blockquote>quote</blockquote><hr></article>',
    markdown:
      '### Deep heading\n\n| a | b |\n| --- | --- |\n| 1 | **2** |\n\n```js\nlet x = 1;\n```\n\n> quote\n\n---',
  },
];

describe('paste is mapped to the schema and sanitised', () => {
  for (const { name, html, markdown } of nasty) {
    it(name, () => {
      const peer = paste(html);
      expectClean(peer);
      expect(serializeMarkdown(peer.editor.view.state.doc)).toBe(markdown);
    });
  }

  it('no pasted handler ever runs', async () => {
    const flag = globalThis as { pwned?: number };
    delete flag.pwned;
    const peer = paste(nasty.map((c) => c.html).join(''));
    expectClean(peer);
    // A control image with the same broken src, attached to the live page: once its error
    // event has fired, any pasted <img src=x onerror> would have fired before it.
    await new Promise<void>((resolve) => {
      const control = document.createElement('img');
      control.addEventListener('error', () => resolve(), { once: true });
      control.src = 'x';
      document.body.append(control);
    });
    expect(flag.pwned).toBeUndefined();
  });
});

describe('HTML import', () => {
  it('parseHTML applies the same sanitising', () => {
    const doc = parseHTML(
      '<p onclick="x">Hi <a href="javascript:alert(1)">there</a><script>alert(1)</script></p>',
    );
    expect(serializeMarkdown(doc)).toBe('Hi there');
  });
});
