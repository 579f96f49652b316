/**
 * Sanctions and block lists as Verity keeps them once imported: every official format (OFAC SDN,
 * EU FSF, UN, UK, OpenSanctions, a tenant's own CSV) is read into these entries, and screening
 * matches customers against them. See README "Screening" (issue 22).
 */

export const LIST_SOURCES = ['ofac-sdn', 'eu-fsf', 'un', 'uk', 'opensanctions', 'csv'] as const;
export type ListSource = (typeof LIST_SOURCES)[number];

export type EntityKind = 'person' | 'organization' | 'vessel' | 'aircraft' | 'unknown';

/** One name of an entry. OFAC marks some aliases weak ("a.k.a." of low quality): they count less. */
export interface ListName {
  readonly full: string;
  readonly strength: 'strong' | 'weak';
}

export interface ListEntry {
  readonly source: ListSource;
  /** The entry's id within its source (OFAC's ent_num, the EU's logicalId, …). */
  readonly entityId: string;
  readonly kind: EntityKind;
  /** The primary name first, then aliases. */
  readonly names: readonly ListName[];
  /** `YYYY-MM-DD`, or `YYYY` when the list gives only the year. */
  readonly datesOfBirth: readonly string[];
  /** ISO 3166-1 alpha-2 codes where the list says which country (nationality, citizenship, address). */
  readonly countries: readonly string[];
  /** Sanctions programmes or regimes, as the list names them. */
  readonly programs: readonly string[];
  readonly remarks?: string;
}
