import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { TSchema } from 'typebox';

/** The parts of a JSON Schema the binding reads. */
interface SchemaShape {
  readonly type?: unknown;
  readonly properties?: Readonly<Record<string, SchemaShape>>;
  readonly anyOf?: readonly SchemaShape[];
  /** `true` on an open object (the questionnaire): members it does not name are kept as sent. */
  readonly additionalProperties?: unknown;
}

/**
 * A preValidation hook that reads a JSON body the way ASP.NET Core's web defaults do, so clients
 * written against 10npay work unchanged: property names match case-insensitively (a .NET client
 * may send `Id`, `Email`), integers may arrive as strings (`"2077"`), `null` means the property
 * was not sent, and unknown properties are dropped. The schema then validates the result.
 */
export function aspNetBinding(schema: TSchema) {
  const shape = schema as SchemaShape;
  return function bindBody(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
    request.body = bind(request.body, shape);
    done();
  };
}

function bind(value: unknown, schema: SchemaShape): unknown {
  const object = objectAlternative(schema);
  const properties = object?.properties;
  if (properties === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) {
    return integerAllowed(schema) && typeof value === 'string' && /^-?\d{1,10}$/.test(value) ? Number(value) : value;
  }
  const names = new Map(Object.keys(properties).map((name) => [name.toLowerCase(), name]));
  const bound: Record<string, unknown> = {};
  // The last of several spellings wins, as in System.Text.Json.
  for (const [key, item] of Object.entries(value)) {
    const name = names.get(key.toLowerCase());
    const property = name === undefined ? undefined : properties[name];
    if (name === undefined || property === undefined) {
      // Never store less than was sent: an open object keeps what it does not name.
      if (object?.additionalProperties === true) bound[key] = item;
      continue;
    }
    if (item === null && !nullAllowed(property)) {
      delete bound[name];
      continue;
    }
    bound[name] = bind(item, property);
  }
  return bound;
}

function alternatives(schema: SchemaShape): readonly SchemaShape[] {
  return schema.anyOf ?? [schema];
}

function objectAlternative(schema: SchemaShape): SchemaShape | undefined {
  return alternatives(schema).find((s) => s.properties !== undefined && Object.keys(s.properties).length > 0);
}

function integerAllowed(schema: SchemaShape): boolean {
  return alternatives(schema).some((s) => s.type === 'integer');
}

function nullAllowed(schema: SchemaShape): boolean {
  return alternatives(schema).some((s) => s.type === 'null');
}
