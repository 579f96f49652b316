import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scoreEntry, type ScreenedSubject } from './entry-score.js';
import { jaroWinkler } from './jaro-winkler.js';
import type { ListEntry } from './list-entry.js';
import { nameScore, tokenSimilarity } from './name-score.js';
import { nameTokens } from './normalize.js';
import { oneEditApart } from './one-edit.js';

// Fictional names throughout.
const entry = (names: string[], extra: Partial<ListEntry> = {}): ListEntry => ({
  source: 'csv',
  entityId: '1',
  kind: 'person',
  names: names.map((full, i) => ({ full, strength: i === 0 ? 'strong' : 'strong' })),
  datesOfBirth: [],
  countries: [],
  programs: [],
  ...extra,
});
const person = (name: string, extra: Partial<ScreenedSubject> = {}): ScreenedSubject => ({ kind: 'person', names: [name], ...extra });
const score = (subject: string, listed: string) => nameScore(nameTokens(subject), nameTokens(listed)).score;

describe('normalisation', () => {
  test('diacritics, case, punctuation and honorifics go; numbers stay', () => {
    assert.deepEqual(nameTokens('Dr. José-María  Ñúñez'), ['jose', 'maria', 'nunez']);
    assert.deepEqual(nameTokens("Sheikh Abd al-Qadir O'Brennan"), ['abd', 'al', 'qadir', 'obrennan']);
    assert.deepEqual(nameTokens('11420 CORP.', 'organization'), ['11420']);
  });

  test('Cyrillic and Arabic script are spelled in Latin', () => {
    assert.deepEqual(nameTokens('Владислав Кронов'), ['vladislav', 'kronov']);
    assert.deepEqual(nameTokens('محمد'), ['mhmd']);
  });

  test('company suffixes fold away for organizations, not for people, and never to nothing', () => {
    assert.deepEqual(nameTokens('Blue Harbor Trading Co., Ltd.', 'organization'), ['blue', 'harbor', 'trading']);
    assert.deepEqual(nameTokens('Holding Group LLC', 'organization'), ['holding', 'group', 'llc']);
  });
});

describe('Jaro-Winkler', () => {
  test('equal is 1, nothing shared is 0, a late typo stays high', () => {
    assert.equal(jaroWinkler('kronov', 'kronov'), 1);
    assert.equal(jaroWinkler('abc', 'xyz'), 0);
    assert.ok(jaroWinkler('vladislav', 'vladislaw') > 0.95);
    assert.ok(Math.abs(jaroWinkler('martha', 'marhta') - 0.961) < 0.001, 'the textbook value');
  });
});

describe('name score', () => {
  test('the same name, reordered or with a typo, scores high', () => {
    assert.equal(score('Vladislav Kronov', 'Vladislav Kronov'), 1);
    assert.equal(score('Kronov Vladislav', 'Vladislav Kronov'), 1);
    assert.ok(score('Vladislaw Kronov', 'Vladislav Kronov') > 0.95);
    assert.ok(score('Vladislav Kronoff', 'Vladislav Kronov') > 0.9);
    assert.ok(score('Владислав Кронов', 'Vladislav Kronov') > 0.95, 'transliterated');
  });

  test('romanisations that differ in their vowels meet through the consonants; short skeletons do not', () => {
    assert.ok(tokenSimilarity('mhmd', 'muhammad') >= 0.9, 'Arabic script, transliterated');
    assert.ok(tokenSimilarity('mohamed', 'muhammad') >= 0.9);
    assert.ok(score('Mohamed Karimzadeh', 'Muhammad Karimzadeh') > 0.9);
    assert.ok(tokenSimilarity('ali', 'lee') < 0.8, 'one consonant says nothing');
  });

  test('skeletons meet only when the consonants are the same and grouped alike between the vowels', () => {
    assert.ok(tokenSimilarity('mohammed', 'muhammad') >= 0.9);
    assert.ok(tokenSimilarity('mahmoud', 'muhammad') < 0.8, 'Mahmoud is another name: m.hm.d, not m.h.m.d');
    assert.ok(tokenSimilarity('mohamed', 'mahmoud') < 0.8);
    assert.ok(tokenSimilarity('salem', 'suleiman') < 0.8, 'close skeletons (slm, slmn) are not the same');
    assert.ok(tokenSimilarity('mhmd', 'mahmoud') >= 0.9, 'a name written without vowels meets any vowels');
  });

  test('a one-word list name does not match a long customer name', () => {
    assert.ok(score('Hadar Benjamin Okonkwo Lindqvist', 'Hadar') < 0.5);
  });

  test('a one-word customer name does not match a long list name', () => {
    assert.ok(score('Hadar', 'Hadar Benjamin Okonkwo Lindqvist') < 0.7);
  });

  test('a repeated token does not inflate: each list token is used once', () => {
    const repeated = nameScore(nameTokens('Vladislav Vladislav'), nameTokens('Vladislav Kronov'));
    assert.equal(repeated.pairs.length, 1);
    assert.ok(repeated.score < 0.6);
  });

  test('a middle name or patronymic the customer lacks costs a little, not the match', () => {
    const s = score('Vladislav Kronov', 'Vladislav Petrovich Kronov');
    assert.ok(s > 0.85 && s < 1, String(s));
  });

  test('unrelated names score low', () => {
    assert.ok(score('Jane Doe', 'Vladislav Kronov') < 0.2);
    assert.ok(score('Maria Garcia', 'Mario Gardner') < 0.85);
  });
});

describe('entry score: qualifiers, kept as features', () => {
  const kronov = entry(['Vladislav Kronov', 'Vlad Kronoff'], { datesOfBirth: ['1961-03-04'], countries: ['RU'] });

  test('an exact date of birth adds; a contradicting one takes off; every feature is kept', () => {
    const exact = scoreEntry(person('Vladislav Kronov', { dateOfBirth: '1961-03-04', country: 'RU' }), kronov);
    const other = scoreEntry(person('Vladislav Kronov', { dateOfBirth: '1990-01-01', country: 'RU' }), kronov);
    assert.equal(exact.features.dateOfBirth, 'exact');
    assert.equal(other.features.dateOfBirth, 'contradicting');
    assert.ok(exact.score > other.score);
    assert.equal(exact.features.country, 'match');
    assert.equal(exact.features.listName, 'Vladislav Kronov');
    assert.deepEqual(exact.features.pairs.map((p) => [p.customer, p.list]), [['vladislav', 'vladislav'], ['kronov', 'kronov']]);
  });

  test('a weak alias counts less than a strong name', () => {
    const weak = entry(['Zoran Ilic', 'Vladislav Kronov'], {});
    const strong = scoreEntry(person('Vladislav Kronov'), weak);
    const weakened = scoreEntry(person('Vladislav Kronov'), { ...weak, names: [{ full: 'Zoran Ilic', strength: 'strong' }, { full: 'Vladislav Kronov', strength: 'weak' }] });
    assert.equal(weakened.features.aliasStrength, 'weak');
    assert.ok(weakened.score < strong.score);
  });

  test('a person does not match an organization as well as a person', () => {
    const company = entry(['Kronov Vladislav'], { kind: 'organization' });
    const result = scoreEntry(person('Vladislav Kronov'), company);
    assert.equal(result.features.kind, 'mismatch');
    assert.ok(result.score < 0.85);
  });
});

describe('romanisations and patronymics', () => {
  test('initials that romanisations write differently are one name spelled another way', () => {
    assert.ok(score('Kasim Mansur', 'Qasim Mansur') >= 0.95);
    assert.ok(score('Iusuf Fadi', 'Yusuf Fadi') >= 0.95);
    assert.ok(score('Osama Khatib', 'Usama Khatib') >= 0.95);
    assert.ok(score('Kasim Mansur', 'Basim Mansur') < score('Kasim Mansur', 'Qasim Mansur'), 'a different initial still costs');
  });

  test('a patronymic the customer leaves out takes off half as much as another missing name', () => {
    assert.ok(score('Ruslan Sokolov', 'Ruslan Borisovich Sokolov') > score('Ruslan Sokolov', 'Ruslan Borislavski Sokolov'));
  });
});

describe('typing slips at the edges of a name', () => {
  test("a company's last word one slip from a legal form is that legal form", () => {
    assert.deepEqual(nameTokens('Crescent Metals Gmb', 'organization'), ['crescent', 'metals']);
    assert.deepEqual(nameTokens('Istservis Caspian Limqited', 'organization'), ['istservis', 'caspian']);
    assert.deepEqual(nameTokens('Dar Exchange Pjsw', 'organization'), ['dar', 'exchange']);
    assert.deepEqual(nameTokens('Apple Core', 'organization'), ['apple', 'core'], 'one edit from corp is a word, kept');
    assert.deepEqual(nameTokens('Gmbr Metals', 'organization'), ['gmbr', 'metals'], 'only the closing word is read as a legal form');
    assert.deepEqual(nameTokens('Anselm Gmb', 'person'), ['anselm', 'gmb'], 'people have no legal form');
  });

  test('a long word one slip apart at its first letter is that word; a short one is another name', () => {
    assert.ok(score('Royal Money Xechange', 'Royal Money Exchange') >= 0.95);
    assert.ok(score('Htaedong Petroleum', 'Taedong Petroleum') >= 0.95);
    assert.ok(score('Rami Hadid', 'Sami Hadid') < score('Ramiz Hadid', 'Rami Hadid'), 'Rami is not Sami');
  });
});

describe('one edit apart', () => {
  test('a letter changed, missing, added or two swapped; not two edits, not the same word', () => {
    for (const [a, b] of [['gmbh', 'gcbh'], ['gmbh', 'gmb'], ['gmbh', 'gmbrh'], ['exchange', 'xechange'], ['limited', 'limitde']]) assert.ok(oneEditApart(a as string, b as string), `${a} ${b}`);
    for (const [a, b] of [['gmbh', 'gmbh'], ['gmbh', 'gm'], ['limited', 'lmiitde'], ['abc', 'xyz']]) assert.ok(!oneEditApart(a as string, b as string), `${a} ${b}`);
  });
});

describe('known given names', () => {
  test('two given names of their own count less, however alike they are spelled; the pair says so', () => {
    const juana = nameScore(nameTokens('Juana Torres'), nameTokens('Juan Torres'));
    assert.ok(juana.score < 0.94, String(juana.score));
    assert.equal(juana.pairs.find((p) => p.customer === 'juana')?.distinctNames, true);
    assert.ok(score('Khalil Haddad', 'Khalid Haddad') < 0.94);
    assert.ok(score('Fernanda Garcia', 'Fernando Garcia') < 0.94);
  });

  test("spellings of one name stay one name; a slip that is no known name still matches", () => {
    const mohammed = nameScore(nameTokens('Mohammed Haddad'), nameTokens('Muhammad Haddad'));
    assert.ok(mohammed.score >= 0.95);
    assert.ok(mohammed.pairs.every((p) => p.distinctNames === undefined));
    assert.ok(score('Khalig Haddad', 'Khalid Haddad') >= 0.95, 'a typo lands on no known name');
    assert.ok(score('Youssef Haddad', 'Yusuf Haddad') >= score('Youssef Haddad', 'Yasin Haddad'));
  });
});
