import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCsv, readCsvRecords } from './csv.js';
import { ListFormatError } from './errors.js';

test('splits plain fields and records, with LF or CRLF and with or without a final line break', () => {
  const expected = [
    ['a', 'b', 'c'],
    ['1', '', '3'],
  ];
  assert.deepEqual(readCsv('a,b,c\n1,,3'), expected);
  assert.deepEqual(readCsv('a,b,c\n1,,3\n'), expected);
  assert.deepEqual(readCsv('a,b,c\r\n1,,3\r\n'), expected);
  assert.deepEqual(readCsv('a,b,c\r\n1,,3'), expected);
});

test('reads quoted fields holding commas, doubled quotes and line breaks', () => {
  assert.deepEqual(readCsv('"Smith, John","say ""hi""","two\r\nlines",""\n'), [['Smith, John', 'say "hi"', 'two\r\nlines', '']]);
  assert.deepEqual(readCsv('x,"a\nb"\ny,z'), [
    ['x', 'a\nb'],
    ['y', 'z'],
  ]);
});

test('keeps empty fields at the edges of a record', () => {
  assert.deepEqual(readCsv(',a,\n'), [['', 'a', '']]);
  assert.deepEqual(readCsv('""\n'), [['']]);
});

test('ignores a UTF-8 byte order mark and empty lines', () => {
  assert.deepEqual(readCsv('\uFEFFname,id\n\nAda,1\r\n\r\n'), [
    ['name', 'id'],
    ['Ada', '1'],
  ]);
  assert.deepEqual(readCsv(''), []);
  assert.deepEqual(readCsv('\uFEFF'), []);
});

test('keeps a stray quote inside an unquoted field as data', () => {
  assert.deepEqual(readCsv('O"Brien,x\n'), [['O"Brien', 'x']]);
});

test('numbers each record by the line it starts on, counting line breaks inside quotes', () => {
  const records = readCsvRecords('h1,h2\r\n"multi\r\nline",b\r\n\r\nlast,row\r\n');
  assert.deepEqual(
    records.map((record) => record.line),
    [1, 2, 5],
  );
});

test('refuses an unterminated quoted field, naming the line where it opened', () => {
  assert.throws(
    () => readCsv('a,b\nc,"never closed\nmore text\n'),
    (error: unknown) => error instanceof ListFormatError && error.line === 2 && /never closed/.test(error.message),
  );
});

test('refuses text after a closing quote instead of guessing where the field ends', () => {
  assert.throws(
    () => readCsv('a,b\n"quoted"tail,c\n'),
    (error: unknown) => error instanceof ListFormatError && error.line === 2,
  );
});
