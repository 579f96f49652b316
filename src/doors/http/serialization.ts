import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { sharedView } from '../../kit/shared.js';

type Serialize = (data: unknown) => string;
type SerializerFactory = ReturnType<typeof SerializerSelector>;

/**
 * Fastify's own response serializers (fast-json-stringify, compiled from each route's response
 * schemas), each of which writes a shared answer once: its text is a view of it like any other
 * (kit/shared.ts). Any other answer is serialized as usual.
 */
export function serializersRememberingSharedAnswers(): SerializerFactory {
  const buildDefault = SerializerSelector();
  return (externalSchemas, options) => {
    const compile = buildDefault(externalSchemas, options);
    return (route) => rememberingShared(compile(route));
  };
}

function rememberingShared(serialize: Serialize): Serialize {
  const sharedText = sharedView((data: object) => serialize(data));
  return (data) => (typeof data === 'object' && data !== null ? sharedText(data) : serialize(data));
}
