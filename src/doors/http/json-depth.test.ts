import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nestedBeyond } from './json-depth.js';

const deep = (levels: number, open = '[', close = ']') => `${open.repeat(levels)}${close.repeat(levels)}`;

test('counts objects and arrays inside one another, up to the limit and one past it', () => {
  assert.equal(nestedBeyond(deep(32), 32), false);
  assert.equal(nestedBeyond(deep(33), 32), true);
  assert.equal(nestedBeyond(`${'{"a":'.repeat(33)}1${'}'.repeat(33)}`, 32), true);
  assert.equal(nestedBeyond(`[${'[1],'.repeat(1000)}[1]]`, 2), false);
});

test('brackets inside strings, escaped quotes included, do not count', () => {
  assert.equal(nestedBeyond(JSON.stringify({ text: '['.repeat(100) }), 32), false);
  assert.equal(nestedBeyond(JSON.stringify({ text: `\\"${'{'.repeat(100)}` }), 32), false);
  assert.equal(nestedBeyond(`["\\\\", ${deep(40)}]`, 32), true);
});
