// Synthetic identity documents for the document-reading bench and tests: a passport data page
// (TD3) or an ID-1 card (TD1) with a machine-readable zone in the OCR-B font, rendered through
// sharp's SVG text, clean or degraded like a phone photo. Every person and number is fictional;
// the issuing states are real ICAO codes only because the zone's parser checks them.
import sharp from 'sharp';

const FILLER = '<';
const WEIGHTS = [7, 3, 1];

/** ICAO 9303 check digit: weights 7, 3, 1 over digits, letters (A = 10) and fillers (0). */
export function checkDigit(text) {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const value = c === FILLER ? 0 : c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;
    sum += value * WEIGHTS[i % 3];
  }
  return String(sum % 10);
}

const pad = (text, length) => (text + FILLER.repeat(length)).slice(0, length);
const mrzText = (text) => text.toUpperCase().replace(/[^A-Z0-9]+/g, FILLER);
/** `YYYY-MM-DD` to the zone's `YYMMDD`. */
const yymmdd = (date) => date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
const nameField = (surname, givenNames, length) => pad(`${mrzText(surname)}<<${mrzText(givenNames)}`, length);

/** The zone's lines, check digits included, for TD3 (2×44) or TD1 (3×30). */
export function mrzLines(fields, format) {
  const number = pad(mrzText(fields.documentNumber), 9);
  const birth = yymmdd(fields.dateOfBirth);
  const expiry = yymmdd(fields.expirationDate);
  const code = pad(fields.documentCode, 2);
  const state = pad(fields.issuingState, 3);
  const nationality = pad(fields.nationality, 3);
  if (format === 'TD3') {
    const optional = pad(mrzText(fields.optionalData ?? ''), 14);
    const optionalCheck = fields.optionalData ? checkDigit(optional) : FILLER;
    const numberPart = number + checkDigit(number);
    const birthPart = birth + checkDigit(birth);
    const expiryPart = expiry + checkDigit(expiry);
    const composite = checkDigit(numberPart + birthPart + expiryPart + optional + optionalCheck);
    return [code + state + nameField(fields.surname, fields.givenNames, 39), numberPart + nationality + birthPart + fields.sex + expiryPart + optional + optionalCheck + composite];
  }
  if (format === 'TD1') {
    const optional = pad(mrzText(fields.optionalData ?? ''), 15);
    const line1 = code + state + number + checkDigit(number) + optional;
    const line2Start = birth + checkDigit(birth) + fields.sex + expiry + checkDigit(expiry) + nationality + FILLER.repeat(11);
    const composite = checkDigit(line1.slice(5, 30) + line2Start.slice(0, 7) + line2Start.slice(8, 15) + line2Start.slice(18, 29));
    return [line1, line2Start + composite, nameField(fields.surname, fields.givenNames, 30)];
  }
  throw new Error(`Unknown zone format ${format}`);
}

/** A small seeded generator (mulberry32): the same seed gives the same document. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['Eriksson', 'Moreau', 'Van der Berg', 'Kowalski', 'Oliveira', 'Fitzgerald', 'Lindqvist', 'Marchetti', 'Okafor', 'Nakamura', 'Schneider', 'Dubois', 'Haddad', 'Novak', 'Papadopoulos', 'Quinn', 'Zielinski', 'Brennan', 'Gutierrez', 'Whitfield'];
const GIVEN = ['Anna', 'Maria', 'Johan', 'Claire', 'Pieter', 'Agnieszka', 'Lucas', 'Siobhan', 'Ingrid', 'Giulia', 'Chidi', 'Yuki', 'Felix', 'Amelie', 'Karim', 'Tomas', 'Eleni', 'Declan', 'Zofia', 'Mateo', 'Harriet'];
const STATES = ['NLD', 'FRA', 'SWE', 'POL', 'PRT', 'IRL', 'ITA', 'ESP', 'AUT', 'BEL', 'FIN', 'CAN', 'GBR', 'NZL'];
const NUMBER_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const isoDate = (year, month, day) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Plausible fictional fields for a labelled set; documentCode 'P' (use 'I' or 'ID' for a TD1 card). */
export function randomDocumentFields(seed) {
  const random = seededRandom(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const between = (low, high) => low + Math.floor(random() * (high - low + 1));
  const state = pick(STATES);
  // Numbers mix letters and digits, as many states' do: the hardest case for look-alike misreads.
  let documentNumber = '';
  for (let i = 0; i < 9; i++) documentNumber += i < 2 || random() < 0.3 ? pick(NUMBER_CHARS.slice(0, 26)) : pick(NUMBER_CHARS.slice(26));
  const given = random() < 0.35 ? `${pick(GIVEN)} ${pick(GIVEN)}` : pick(GIVEN);
  return {
    documentCode: 'P',
    issuingState: state,
    surname: pick(SURNAMES),
    givenNames: given,
    documentNumber,
    nationality: state,
    dateOfBirth: isoDate(between(1950, 2006), between(1, 12), between(1, 28)),
    sex: random() < 0.5 ? 'M' : 'F',
    expirationDate: isoDate(between(2027, 2036), between(1, 12), between(1, 28)),
  };
}

const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Page geometry: TD3 is an ID-3 page (125×88 mm), TD1 an ID-1 card (85.6×54 mm); 10 and 12 px per mm. */
const LAYOUTS = {
  TD3: { width: 1250, height: 880, pxPerMm: 10, title: 'PASSPORT / PASSEPORT' },
  TD1: { width: 1027, height: 648, pxPerMm: 12, title: 'IDENTITY CARD / CARTE D’IDENTITÉ' },
};

function documentSvg(format, fields, lines) {
  const { width, height, pxPerMm, title } = LAYOUTS[format];
  const mm = (value) => Math.round(value * pxPerMm);
  // ICAO 9303: 10 characters per inch (2.54 mm pitch), lines 4.2 mm apart, the zone's last
  // baseline about 3 mm above the edge; textLength pins the pitch whatever the font's advance.
  const pitch = 2.54;
  const left = (width - mm(pitch * lines[0].length)) / 2;
  const lineGap = mm(4.2);
  const lastBaseline = height - mm(3.2);
  const mrz = lines
    .map((line, i) => {
      const y = lastBaseline - (lines.length - 1 - i) * lineGap;
      return `<text x="${left}" y="${y}" textLength="${mm(pitch * line.length)}" lengthAdjust="spacing" font-family="OCR B" font-size="${mm(3.4)}" fill="#111">${escapeXml(line)}</text>`;
    })
    .join('');
  const zoneTop = lastBaseline - (lines.length - 1) * lineGap - mm(5);
  const photo = { x: mm(5), y: mm(12), w: mm(format === 'TD3' ? 32 : 24), h: mm(format === 'TD3' ? 40 : 30) };
  const textX = photo.x + photo.w + mm(5);
  const label = (y, name, value) =>
    `<text x="${textX}" y="${y}" font-family="DejaVu Sans" font-size="${mm(1.6)}" fill="#556">${escapeXml(name)}</text>` +
    `<text x="${textX}" y="${y + mm(3.6)}" font-family="DejaVu Sans" font-size="${mm(2.6)}" font-weight="bold" fill="#222">${escapeXml(value)}</text>`;
  const rows = [
    ['Surname / Nom', fields.surname.toUpperCase()],
    ['Given names / Prénoms', fields.givenNames.toUpperCase()],
    ['Nationality / Nationalité', fields.nationality],
    ['Date of birth / Date de naissance', fields.dateOfBirth],
    ['Sex / Sexe', fields.sex],
    ['Date of expiry / Date d’expiration', fields.expirationDate],
  ];
  const rowGap = (zoneTop - mm(14) - mm(4)) / rows.length;
  const labels = rows.map(([name, value], i) => label(mm(14) + i * rowGap, name, value)).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#e6e1d3"/><stop offset="1" stop-color="#d9e2e6"/></linearGradient></defs>
  <rect width="${width}" height="${height}" rx="${format === 'TD1' ? mm(3) : 0}" fill="url(#bg)"/>
  <path d="M0 ${mm(30)} Q ${width / 2} ${mm(10)} ${width} ${mm(40)}" stroke="#c9c3b4" stroke-width="${mm(0.6)}" fill="none"/>
  <text x="${mm(5)}" y="${mm(8)}" font-family="DejaVu Sans" font-size="${mm(3)}" font-weight="bold" fill="#334">${escapeXml(title)}</text>
  <text x="${width - mm(5)}" y="${mm(8)}" text-anchor="end" font-family="DejaVu Sans" font-size="${mm(2.4)}" fill="#334">${escapeXml(`${fields.issuingState}  ${fields.documentNumber}`)}</text>
  <rect x="${photo.x}" y="${photo.y}" width="${photo.w}" height="${photo.h}" fill="#8d97a3"/>
  <circle cx="${photo.x + photo.w / 2}" cy="${photo.y + photo.h * 0.38}" r="${photo.w * 0.22}" fill="#5d6670"/>
  <ellipse cx="${photo.x + photo.w / 2}" cy="${photo.y + photo.h}" rx="${photo.w * 0.4}" ry="${photo.h * 0.35}" fill="#5d6670"/>
  ${labels}
  <rect x="0" y="${zoneTop}" width="${width}" height="${height - zoneTop}" fill="#f1efe8" opacity="0.7"/>
  ${mrz}
</svg>`;
}

/** How a condition degrades the picture: a phone photo is tilted, noisy, a little soft and compressed. */
const CONDITIONS = {
  clean: { angle: 0, noise: 0, blur: 0, quality: 92, margin: 0 },
  photo: { angle: 2, noise: 25, blur: 1.2, quality: 60, margin: 60 },
  hard: { angle: 4, noise: 40, blur: 2, quality: 40, margin: 60 },
};

/** Adds zero-mean noise (uniform, ±amplitude) to raw pixels, from the seeded generator. */
function addNoise(pixels, amplitude, random) {
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i] + (random() * 2 - 1) * amplitude;
    pixels[i] = value < 0 ? 0 : value > 255 ? 255 : value;
  }
}

/** A JPEG of a synthetic document whose zone reads as `mrzLines(fields, format)`. */
export async function syntheticDocument({ format, fields, condition = 'clean', seed = 1 }) {
  const settings = CONDITIONS[condition];
  if (!settings) throw new Error(`Unknown condition ${condition}`);
  const random = seededRandom(seed);
  const page = await sharp(Buffer.from(documentSvg(format, fields, mrzLines(fields, format)))).flatten({ background: '#ffffff' }).png().toBuffer();
  if (condition === 'clean') return sharp(page).jpeg({ quality: settings.quality }).toBuffer();
  // The page lies on a darker desk, tilted by about the condition's angle, either way.
  const angle = settings.angle * (random() < 0.5 ? -1 : 1) * (0.75 + random() * 0.5);
  const desk = { r: 70, g: 64, b: 58 };
  let photo = sharp(page)
    .extend({ top: settings.margin, bottom: settings.margin, left: settings.margin, right: settings.margin, background: desk })
    .rotate(angle, { background: desk });
  if (settings.blur > 0) photo = photo.blur(settings.blur);
  // Sensor noise comes after the lens's blur, so it stays sharp-edged, as in a real photo.
  const { data, info } = await photo.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  addNoise(data, settings.noise, random);
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: settings.quality }).toBuffer();
}
