import { zipFiveOf } from '../field-formats.js';
import { US_STATE_CODES } from '../customer/us-states.js';

/**
 * US geography for address checks: the state codes a customer may give, and which state each
 * 3-digit ZIP prefix belongs to (the USPS prefix allocation).
 */

/** The state codes a customer may give (one list, shared with the customer field rules). */
export { US_STATE_CODES };

/**
 * Other USPS codes the ZIP table can answer but a customer's `state` may not be: military mail
 * (AA Americas, AE Europe/Africa/Middle East, AP Pacific) and the freely associated states
 * served by the US mail (FM Micronesia, MH Marshall Islands, PW Palau).
 */
export const OTHER_USPS_CODES: ReadonlySet<string> = new Set(['AA', 'AE', 'AP', 'FM', 'MH', 'PW']);

export function isUsStateCode(code: string): boolean {
  return US_STATE_CODES.has(code);
}

/**
 * First and last 3-digit prefix of each block, and its state. Prefixes not listed are unassigned
 * (000–004, 099, 428–429, 529, 568, 578–579, 589, 659, 694–699, 715, 817–819, 839, 848–849,
 * 866–869, 886–888, 899). A few USPS-unused prefixes inside a state's block are left in it: no
 * address carries them, so they cannot mislead.
 */
const PREFIX_BLOCKS: readonly (readonly [first: string, last: string, state: string])[] = [
  ['005', '005', 'NY'], // Holtsville (IRS)
  ['006', '007', 'PR'],
  ['008', '008', 'VI'],
  ['009', '009', 'PR'],
  ['010', '027', 'MA'],
  ['028', '029', 'RI'],
  ['030', '038', 'NH'],
  ['039', '049', 'ME'],
  ['050', '054', 'VT'],
  ['055', '055', 'MA'], // Andover (IRS)
  ['056', '059', 'VT'],
  ['060', '069', 'CT'],
  ['070', '089', 'NJ'],
  ['090', '098', 'AE'],
  ['100', '149', 'NY'],
  ['150', '196', 'PA'],
  ['197', '199', 'DE'],
  ['200', '200', 'DC'],
  ['201', '201', 'VA'], // Dulles
  ['202', '205', 'DC'],
  ['206', '219', 'MD'],
  ['220', '246', 'VA'],
  ['247', '268', 'WV'],
  ['270', '289', 'NC'],
  ['290', '299', 'SC'],
  ['300', '319', 'GA'],
  ['320', '339', 'FL'],
  ['340', '340', 'AA'],
  ['341', '349', 'FL'],
  ['350', '369', 'AL'],
  ['370', '385', 'TN'],
  ['386', '397', 'MS'],
  ['398', '399', 'GA'], // Albany, Atlanta (IRS)
  ['400', '427', 'KY'],
  ['430', '459', 'OH'],
  ['460', '479', 'IN'],
  ['480', '499', 'MI'],
  ['500', '528', 'IA'],
  ['530', '549', 'WI'],
  ['550', '567', 'MN'],
  ['569', '569', 'DC'], // parcel returns
  ['570', '577', 'SD'],
  ['580', '588', 'ND'],
  ['590', '599', 'MT'],
  ['600', '629', 'IL'],
  ['630', '658', 'MO'],
  ['660', '679', 'KS'],
  ['680', '693', 'NE'],
  ['700', '714', 'LA'],
  ['716', '729', 'AR'],
  ['730', '732', 'OK'],
  ['733', '733', 'TX'], // Austin (IRS)
  ['734', '749', 'OK'],
  ['750', '799', 'TX'],
  ['800', '816', 'CO'],
  ['820', '831', 'WY'],
  ['832', '838', 'ID'],
  ['840', '847', 'UT'],
  ['850', '865', 'AZ'],
  ['870', '884', 'NM'],
  ['885', '885', 'TX'], // El Paso
  ['889', '898', 'NV'],
  ['900', '961', 'CA'],
  ['962', '966', 'AP'],
  ['967', '968', 'HI'],
  ['969', '969', 'GU'],
  ['970', '979', 'OR'],
  ['980', '994', 'WA'],
  ['995', '999', 'AK'],
];

/** Five-digit ranges inside a shared prefix that belong elsewhere; checked before the blocks. */
const ZIP_EXCEPTIONS: readonly (readonly [first: string, last: string, state: string])[] = [
  ['96799', '96799', 'AS'], // Pago Pago, inside Hawaii's 967
  ['96939', '96940', 'PW'],
  ['96941', '96944', 'FM'],
  ['96950', '96952', 'MP'],
  ['96960', '96970', 'MH'],
];

const STATE_BY_PREFIX: readonly (string | undefined)[] = (() => {
  const table = new Array<string | undefined>(1000).fill(undefined);
  for (const [first, last, state] of PREFIX_BLOCKS) {
    for (let prefix = Number(first); prefix <= Number(last); prefix += 1) table[prefix] = state;
  }
  return table;
})();

/** Every block and exception, for tests and documentation. */
export const ZIP_ALLOCATION = { blocks: PREFIX_BLOCKS, exceptions: ZIP_EXCEPTIONS } as const;

/**
 * The USPS code a ZIP belongs to (`12345`, `12345-6789` or `123456789`), or undefined when the
 * value is not a ZIP or its prefix is unassigned.
 */
export function stateForZip(zip: string): string | undefined {
  const five = zipFiveOf(zip);
  if (five === undefined) return undefined;
  const exception = ZIP_EXCEPTIONS.find(([first, last]) => five >= first && five <= last);
  if (exception !== undefined) return exception[2];
  return STATE_BY_PREFIX[Number(five.slice(0, 3))];
}
