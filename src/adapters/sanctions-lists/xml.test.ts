import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListFormatError } from './errors.js';
import { attribute, childText, openListXml } from './xml.js';

const LIST = [
  '<?xml version="1.0"?>',
  '<list xmlns="urn:example" generated="2026-01-01">',
  '  <header><date>x</date></header>',
  '  <group>',
  '    <item id="1" note="a > b"><name>One &amp; &#1048;&#x418;</name></item>',
  '    <item id="2"/>',
  '  </group>',
  '</list>',
].join('\n');

function read(text: string): { root: string; items: string[]; lines: number[] } {
  const xml = openListXml(text, 'list', 'example', [['group', 'item']]);
  const items = Array.from(xml.records(['group', 'item']), ({ element }) => `${attribute(element, 'id')}:${childText(element, 'name')}`);
  const lines = Array.from(xml.records(['group', 'item']), ({ line }) => line());
  return { root: `${attribute(xml.root, 'generated')} ${childText(xml.root, 'header') === '' ? 'header' : ''}`, items, lines };
}

test('records are read one by one, entities decoded, with their lines; the root keeps its other content', () => {
  assert.deepEqual(read(LIST), { root: '2026-01-01 header', items: ['1:One & ИИ', '2:'], lines: [5, 6] });
});

test('a file with a comment, a prefixed record or a spaced closing tag is read whole, with the same result', () => {
  const expected = read(LIST);
  assert.deepEqual(read(LIST.replace('<group>', '<group><!-- <item id="3"/> -->')), expected);
  const prefixed = LIST.replace('<list xmlns="urn:example"', '<list xmlns="urn:example" xmlns:e="urn:example"').replace('<item id="2"/>', '<e:item id="2"/>');
  assert.deepEqual(read(prefixed), expected);
  assert.deepEqual(read(LIST.replace('</name></item>', '</name></item >')), expected);
});

test('a byte-order mark is no error; a truncated file or another root is', () => {
  assert.deepEqual(read(`\uFEFF${LIST}`).items, ['1:One & ИИ', '2:']);
  assert.throws(
    () => read(LIST.slice(0, LIST.indexOf('</group>'))),
    (error: unknown) => error instanceof ListFormatError && /not well-formed/.test(error.message),
  );
  assert.throws(
    () => read('<?xml version="1.0"?>\n\n<other/>'),
    (error: unknown) => error instanceof ListFormatError && error.line === 3 && /<list>/.test(error.message),
  );
});
