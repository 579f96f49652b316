import { Type } from 'typebox';
import { LIST_SOURCES } from '../../../domain/screening/list-entry.js';
import { SCREENING_STATUSES } from '../../../domain/screening/customer-screening.js';
import type { ScreeningHit } from '../../../domain/screening/hits.js';
import type { ListView } from '../../../services/screening/screening-queries.js';

const SourceSchema = Type.Union(LIST_SOURCES.map((source) => Type.Literal(source)));

export const ListVersionRefView = Type.Object({ listId: Type.String(), source: SourceSchema, version: Type.Integer() });

const TokenPairView = Type.Object({
  customer: Type.String(),
  list: Type.String(),
  similarity: Type.Number(),
  distinctNames: Type.Optional(Type.Literal(true, { description: 'Both are known given names of their own (Juana, Juan): the pair counted less' })),
});

/** Why a hit matched: the names compared token by token, and the qualifiers. */
export const HitFeaturesView = Type.Object({
  subjectName: Type.String({ description: 'The customer name (or business or controller name) that matched' }),
  listName: Type.String({ description: "The list entry's name (primary or alias) it matched best" }),
  nameScore: Type.Number({ description: 'Token-wise Jaro-Winkler, weighted by token length, before the qualifiers' }),
  pairs: Type.Array(TokenPairView),
  unmatchedSubject: Type.Array(Type.String()),
  unmatchedList: Type.Array(Type.String()),
  aliasStrength: Type.Union([Type.Literal('strong'), Type.Literal('weak')]),
  dateOfBirth: Type.Union(['exact', 'same_year', 'close', 'contradicting', 'unknown'].map((value) => Type.Literal(value))),
  country: Type.Union(['match', 'mismatch', 'unknown'].map((value) => Type.Literal(value))),
  kind: Type.Union(['match', 'mismatch', 'unknown'].map((value) => Type.Literal(value))),
});

export const HitView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  source: SourceSchema,
  entityId: Type.String({ description: "The entry's id in its list (OFAC ent_num/uid, EU logicalId, UN DATAID, UK UniqueID…)" }),
  name: Type.String(),
  score: Type.Number({ description: '0..1; at or above the review band' }),
  band: Type.Union([Type.Literal('review'), Type.Literal('hold')]),
  features: HitFeaturesView,
  disposition: Type.Union([Type.Literal('false_positive'), Type.Literal('true_match'), Type.Null()], { description: 'null while a reviewer has not decided it' }),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  firstSeenAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
});

export const CustomerScreeningResponse = Type.Object({
  status: Type.Union(SCREENING_STATUSES.map((status) => Type.Literal(status))),
  held: Type.Boolean({ description: 'A hit at or above the hold band waits for review: the customer cannot send, nor become verified' }),
  screenedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null: never screened (no list imported yet)' }),
  lists: Type.Array(ListVersionRefView),
  hits: Type.Array(HitView),
});

export const ListVersionView = Type.Object({
  id: Type.String(),
  source: SourceSchema,
  scope: Type.Union([Type.Literal('official'), Type.Literal('tenant')], { description: "official: applies to every tenant; tenant: this tenant's own blocklist" }),
  version: Type.Integer(),
  sha256: Type.String(),
  entityCount: Type.Integer(),
  publishedAt: Type.Union([Type.String(), Type.Null()], { description: 'When the publisher dated the list, if the file says' }),
  importedAt: Type.String({ format: 'date-time' }),
  ageDays: Type.Integer({ description: 'Days since publishedAt (or importedAt when the file gives no date)' }),
  diff: Type.Object({ added: Type.Integer(), changed: Type.Integer(), removed: Type.Integer() }, { description: 'Against the version before' }),
});

/** A hit as the API shows it. */
export function presentHit(hit: ScreeningHit) {
  return {
    id: hit.id,
    source: hit.source,
    entityId: hit.entityId,
    name: hit.name,
    score: hit.score,
    band: hit.band,
    features: hit.features,
    disposition: hit.state === 'decided' ? (hit.decision?.disposition ?? null) : null,
    decidedAt: hit.state === 'decided' ? (hit.decision?.at ?? null) : null,
    firstSeenAt: hit.firstSeenAt,
    lastSeenAt: hit.lastSeenAt,
  };
}

export function presentList(version: ListView) {
  return {
    id: version.id,
    source: version.source,
    scope: version.tenantId === undefined ? ('official' as const) : ('tenant' as const),
    version: version.version,
    sha256: version.sha256,
    entityCount: version.entityCount,
    publishedAt: version.publishedAt ?? null,
    importedAt: version.importedAt,
    ageDays: version.ageDays,
    diff: version.diff,
  };
}
