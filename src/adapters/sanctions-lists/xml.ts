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
  // The parser's own entity handling leaves numeric references (`&#1048;`) undecoded and caps how
  // many entities a file may hold, which a list of 18,000 "& Co." names would exceed; these lists
  // declare no entities of their own, so the standard ones are decoded here instead.
  processEntities: false,
  tagValueProcessor: (_tag, value) => decodeEntities(value),
  attributeValueProcessor: (_name, value) => decodeEntities(value),
  // Every element is a list, so an entry with one alias is read exactly like one with five.
  isArray: (_tag, _path, _isLeaf, isAttribute) => !isAttribute,
  // The callbacks above need no path; building it as text for each of a list's million elements
  // costs a fifth of the parse.
  jPath: false,
});

/**
 * Parses a list file and returns its root element, which must be `root`. A file that is not
 * well-formed XML is refused naming the line the parser stopped at; a well-formed file with another
 * root is some other list (or no list), refused rather than read as an empty one.
 */
export function parseListXml(text: string, root: string, format: string): XmlElement {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const validation = XMLValidator.validate(source);
  if (validation !== true) {
    const { line, msg } = validation.err;
    throw new ListFormatError(line, `the ${format} file is not well-formed XML: ${msg}`);
  }
  const document = parser.parse(source) as Record<string, unknown>;
  const found = Object.keys(document);
  const element = elements(document, root)[0];
  if (!element) {
    const other = found[0];
    const line = other === undefined ? 1 : lineOfElement(source, other, 0);
    throw new ListFormatError(line, `the root element of the ${format} file should be <${root}>; this file's is ${other === undefined ? 'missing' : `<${other}>`}.`);
  }
  return element;
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

/**
 * The 1-based line where the `index`-th (0-based) element named `tag` opens, for error messages.
 * Only called when something is wrong, so a scan of the text is cheap enough.
 */
export function lineOfElement(text: string, tag: string, index: number): number {
  const opening = new RegExp(`<(?:[\\w.-]+:)?${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s/>]`, 'g');
  let seen = 0;
  for (let match = opening.exec(text); match !== null; match = opening.exec(text)) {
    if (seen === index) return lineAt(text, match.index);
    seen += 1;
  }
  return 0;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}
