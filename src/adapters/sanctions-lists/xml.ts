import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ListFormatError } from './errors.js';

/** An element as the parser gives it: child elements by tag (always arrays), attributes as `@_name`, text as `#text`. */
export type XmlElement = { readonly [key: string]: unknown };

const TEXT = '#text';
const ATTRIBUTE = '@_';

// One pass over the five XML entities and numeric character references, so that `&amp;#1048;`
// stays the literal text `&#1048;` instead of being decoded twice.
const ENTITY = /&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY, (whole, hex: string | undefined, decimal: string | undefined, named: string | undefined) => {
    if (named !== undefined) return NAMED[named.toLowerCase()] ?? whole;
    const codePoint = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE,
  textNodeName: TEXT,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Ids such as OFAC's uid and names such as "1961" stay text: nothing in a list is read as a number.
  parseTagValue: false,
  parseAttributeValue: false,
  // The parser's own entity handling leaves numeric references (`&#1048;`, how some lists write
  // Cyrillic or Arabic letters) undecoded; these lists declare no entities of their own, so the
  // standard ones and numeric references are decoded here instead, in one pass.
  processEntities: false,
  tagValueProcessor: (_tag, value) => decodeEntities(value),
  attributeValueProcessor: (_name, value) => decodeEntities(value),
  // Every element is a list, so an entry with one alias is read exactly like one with five.
  isArray: (_tag, _path, _isLeaf, isAttribute) => !isAttribute,
  // The callbacks above need no path; building it as text for each of a list's million elements
  // costs a fifth of the parse.
  jPath: false,
});

/** One record of a list (an sdnEntry, a sanctionEntity…), with where it is for messages. */
export interface ListRecord {
  readonly element: XmlElement;
  /** 0-based, among the records of its tag. */
  readonly index: number;
  /** The 1-based line where the record opens. */
  line(): number;
}

export interface ListXml {
  /** The root element. In the usual case it is read without the records, which `records` gives. */
  readonly root: XmlElement;
  /** The records at `path` below the root, in document order, each parsed when it is reached. */
  records(path: readonly string[]): Iterable<ListRecord>;
}

/**
 * Opens a list file whose root element must be `root`. A file that is not well-formed XML is
 * refused naming the line the parser stopped at; a well-formed file with another root is some
 * other list (or no list), refused rather than read as an empty one.
 *
 * The whole file is checked first; then each record is parsed on its own and can be dropped as soon
 * as it is read, so the tree of an 18,000-entry file never lives in memory at once (that tree's
 * garbage collection cost a quarter of the time). Records are found by their tags in the text,
 * which is safe in a well-formed file as long as no comment or CDATA section could hold such a tag:
 * a file with either is parsed whole instead.
 */
export function openListXml(text: string, root: string, format: string, recordPaths: readonly (readonly string[])[]): ListXml {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const validation = XMLValidator.validate(source);
  if (validation !== true) {
    const { line, msg } = validation.err;
    throw new ListFormatError(line, `the ${format} file is not well-formed XML: ${msg}`);
  }
  if (source.includes('<!--') || source.includes('<![CDATA[')) return wholeDocument(source, root, format);
  const spans = new Map<string, Span[]>();
  for (const path of recordPaths) {
    const tag = lastTag(path);
    const found = recordSpans(source, tag);
    if (found === undefined) return wholeDocument(source, root, format);
    spans.set(tag, found);
  }
  const ordered = [...spans.values()].flat().sort((a, b) => a.start - b.start);
  let skeleton = '';
  let at = 0;
  for (const span of ordered) {
    skeleton += source.slice(at, span.start);
    at = span.end;
  }
  skeleton += source.slice(at);
  const rest = rootElement(parser.parse(skeleton) as XmlElement, source, root, format);
  // A record the text search missed (written with a namespace prefix, say) is still in the rest.
  if (recordPaths.some((path) => descendants(rest, path).length > 0)) return wholeDocument(source, root, format);
  return {
    root: rest,
    *records(path) {
      const tag = lastTag(path);
      for (const [index, span] of (spans.get(tag) ?? []).entries()) {
        const element = elements(parser.parse(source.slice(span.start, span.end)) as XmlElement, tag)[0] ?? {};
        yield { element, index, line: () => lineAt(source, span.start) };
      }
    },
  };
}

function lastTag(path: readonly string[]): string {
  return path[path.length - 1] ?? '';
}

/** The same reading for a file whose records cannot be found by their tags alone. */
function wholeDocument(source: string, root: string, format: string): ListXml {
  const element = rootElement(parser.parse(source) as XmlElement, source, root, format);
  return {
    root: element,
    *records(path) {
      const tag = lastTag(path);
      for (const [index, record] of descendants(element, path).entries()) {
        yield { element: record, index, line: () => lineOfElement(source, tag, index) };
      }
    },
  };
}

function rootElement(document: XmlElement, source: string, root: string, format: string): XmlElement {
  const element = elements(document, root)[0];
  if (element) return element;
  const other = Object.keys(document)[0];
  const line = other === undefined ? 1 : lineOfElement(source, other, 0);
  throw new ListFormatError(line, `the root element of the ${format} file should be <${root}>; this file's is ${other === undefined ? 'missing' : `<${other}>`}.`);
}

interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Where each element named `tag` starts and ends in a well-formed text that never nests it in
 * itself; undefined when the text writes it in a way this search does not follow (`</tag >`).
 */
function recordSpans(source: string, tag: string): Span[] | undefined {
  const spans: Span[] = [];
  const opening = openingTag(tag);
  const closing = `</${tag}>`;
  for (let match = opening.exec(source); match !== null; match = opening.exec(source)) {
    const start = match.index;
    const tagEnd = start + match[0].length;
    const selfClosing = match[1] === '/';
    const close = selfClosing ? tagEnd : source.indexOf(closing, tagEnd);
    if (close < 0) return undefined;
    const end = selfClosing ? tagEnd : close + closing.length;
    spans.push({ start, end });
    opening.lastIndex = end;
  }
  return spans;
}

/**
 * An element's whole opening tag, attributes and all (their values may hold '>'); group 1 is '/'
 * when it closes itself. With `prefixed`, also the tag written with a namespace prefix.
 */
function openingTag(tag: string, prefixed = false): RegExp {
  const name = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<${prefixed ? '(?:[\\w.-]+:)?' : ''}${name}(?:\\s+[^\\s=/>]+\\s*=\\s*(?:"[^"]*"|'[^']*'))*\\s*(/?)>`, 'g');
}

/** The child elements named `tag`, in document order. A text-only element is given as `{ '#text': … }`. */
export function elements(parent: XmlElement, tag: string): XmlElement[] {
  const value = parent[tag];
  if (!Array.isArray(value)) return [];
  return value.map((child: unknown) => (typeof child === 'object' && child !== null ? (child as XmlElement) : { [TEXT]: String(child) }));
}

/** The trimmed text of an element (empty when it has none). */
export function textContent(element: XmlElement): string {
  const value = element[TEXT];
  return typeof value === 'string' ? value.trim() : '';
}

/** The text of every child named `tag`, without the empty ones. */
export function childTexts(parent: XmlElement, tag: string): string[] {
  return elements(parent, tag)
    .map(textContent)
    .filter((value) => value !== '');
}

/** The text of the first child named `tag`, or empty. */
export function childText(parent: XmlElement, tag: string): string {
  return childTexts(parent, tag)[0] ?? '';
}

/** The children of `parent` at the end of a path of tags (`['akaList', 'aka']`). */
export function descendants(parent: XmlElement, path: readonly string[]): XmlElement[] {
  return path.reduce<XmlElement[]>((level, tag) => level.flatMap((element) => elements(element, tag)), [parent]);
}

/** An attribute's trimmed value, or empty. */
export function attribute(element: XmlElement, name: string): string {
  const value = element[ATTRIBUTE + name];
  return typeof value === 'string' ? value.trim() : '';
}

/** The 1-based line where the `index`-th (0-based) element named `tag` opens, for messages (a scan, so only on errors). */
function lineOfElement(text: string, tag: string, index: number): number {
  // A tag inside a comment or CDATA section is no element: blank those out, keeping the line breaks.
  const markup = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (hidden) => hidden.replace(/[^\n]/g, ' '));
  const opening = openingTag(tag, true);
  let seen = 0;
  for (let match = opening.exec(markup); match !== null; match = opening.exec(markup)) {
    if (seen === index) return lineAt(markup, match.index);
    seen += 1;
  }
  return 0;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

/** A record with its entity id, and a way to refuse it naming its line. */
export interface IdentifiedRecord {
  readonly element: XmlElement;
  readonly entityId: string;
  readonly fail: (detail: string) => never;
}

/**
 * The records at `path`, each with its id (`idName` read by `idOf`): a record without one, or
 * with the id of a record before it (`seen` is shared by the caller's record kinds), is refused
 * naming its line, for a list with a silently merged or nameless entry screens nobody against it.
 */
export function* identifiedRecords(xml: ListXml, path: readonly string[], idName: string, idOf: (element: XmlElement) => string, seen: Set<string>): Iterable<IdentifiedRecord> {
  for (const { element, index, line } of xml.records(path)) {
    const fail = (detail: string): never => {
      throw new ListFormatError(line(), detail);
    };
    const entityId = idOf(element) || fail(`${lastTag(path)} number ${index + 1} has no ${idName}.`);
    if (seen.has(entityId)) fail(`the list has ${idName} ${entityId} twice.`);
    seen.add(entityId);
    yield { element, entityId, fail };
  }
}
