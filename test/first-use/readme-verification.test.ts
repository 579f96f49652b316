import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { REASON_WEIGHTS, STARTING_SCORE, THRESHOLDS } from '../../src/domain/verification/scoring.js';

// A compliance owner reads the README to learn what a rules-only `verified` rests on: the
// section must say plainly that no identity-data source is consulted, and list every rule the
// verifier applies with the points it costs, as the code has them.
const readme = fs.readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('**What the automatic verification checks'), readme.indexOf('**Status in each dialect.**'));

test('the README says what the automatic verification does not check', () => {
  assert.ok(section.length > 0, 'the section exists');
  assert.match(section, /consults \*\*no identity-data\s+source\*\*/);
  assert.match(section, new RegExp(`score of ${STARTING_SCORE}`));
  assert.match(section, new RegExp(`At ${THRESHOLDS.verified} or more`));
  assert.match(section, new RegExp(`\`document\` at ${THRESHOLDS.documentOnRetry} or more`));
});

test('the README lists every rule with the points the code takes off', () => {
  for (const [code, points] of Object.entries(REASON_WEIGHTS)) {
    if (code.startsWith('controller.') && code !== 'controller.missing' && code !== 'controller.passport.invalid') {
      assert.ok(code.slice('controller.'.length) in REASON_WEIGHTS || code === 'controller.ssn.missing', `${code} follows a person rule`);
      continue;
    }
    assert.match(section, new RegExp(`\\| \`${code.replace(/\./g, '\\.')}\` \\| [^|]+ \\| ${points} \\|`), `${code} (${points} points)`);
  }
});
