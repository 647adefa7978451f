import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BindingMapping } from '../src/binding/mapping.js';
import { schema } from '../src/index.js';

const paragraph = (text: string) => schema.node('paragraph', null, [schema.text(text)]);

/** Two paragraph elements in a Y fragment and an empty mapping. */
function twoTypes(): { a: Y.XmlElement; b: Y.XmlElement; mapping: BindingMapping } {
  const fragment = new Y.Doc().getXmlFragment('body');
  const a = new Y.XmlElement('paragraph');
  const b = new Y.XmlElement('paragraph');
  fragment.insert(0, [a, b]);
  return { a, b, mapping: new BindingMapping() };
}

describe('BindingMapping', () => {
  it('answers which type shows a node, and forgets a node once its type shows another', () => {
    const { a, b, mapping } = twoTypes();
    let node = paragraph('x');
    mapping.set(a, node);
    mapping.set(b, paragraph('other'));
    // Typing: every keystroke maps the same type to a new node.
    for (let i = 0; i < 1000; i++) {
      const next = paragraph(`x${i}`);
      mapping.set(a, next);
      expect(mapping.typeOf(node)).toBeUndefined();
      expect(mapping.typeOf(next)).toBe(a);
      node = next;
    }
    expect(mapping.reverseSize).toBe(2);
    mapping.delete(a);
    expect(mapping.typeOf(node)).toBeUndefined();
    expect(mapping.reverseSize).toBe(1);
    mapping.clear();
    expect(mapping.reverseSize).toBe(0);
  });

  it('never answers for a node shown by two types, even after one of them moves on', () => {
    const { a, b, mapping } = twoTypes();
    const shared = paragraph('pasted twice');
    mapping.set(a, shared);
    mapping.set(b, shared);
    expect(mapping.typeOf(shared)).toBeUndefined();
    mapping.set(b, paragraph('edited'));
    expect(mapping.typeOf(shared)).toBeUndefined();
    expect(mapping.get(a)).toBe(shared);
  });
});
