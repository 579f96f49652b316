import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { REASON_WEIGHTS, STARTING_SCORE, THRESHOLDS } from '../../src/domain/verification/scoring.js';

// A compliance owner reads the README to learn what the pre-screen rules check and what a
// `verified` rests on: the section must say plainly that the rules consult no identity-data source
// and never verify on their own outside sandbox, and list every rule with the points it costs, as
// the code has them; "How Verity decides" must name every basis.
const readme = fs.readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('**The pre-screen rules.**'), readme.indexOf('**Status in each dialect.**'));

test('the README says what the pre-screen rules do not check, and that they never verify alone', () => {
  assert.ok(section.indexOf('**The pre-screen rules.**') === 0, 'the section exists');
  assert.match(section, /consult no identity-data source/);
  assert.match(section, /never verify anyone on their own\s+outside sandbox/);
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

test('"How Verity decides" names every basis, the provider contract and what Verity does not check', async () => {
  const { VERIFICATION_BASES } = await import('../../src/domain/verification/basis.js');
  const decides = readme.slice(readme.indexOf('## How Verity decides'), readme.indexOf('## Identity documents'));
  for (const basis of VERIFICATION_BASES) assert.match(decides, new RegExp(`\\| \`${basis}\` \\|`), basis);
  assert.match(decides, /Idempotency-Key: <verification attempt id>/);
  assert.match(decides, /An outage never verifies anyone by fallback/);
  assert.match(decides, /\*\*What Verity does not check\.\*\*/);
});
