import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { derivedOnce } from '../../kit/derived-once.js';

type Serialize = (data: unknown) => string;
type SerializerFactory = ReturnType<typeof SerializerSelector>;

/**
 * Fastify's own response serializers (fast-json-stringify, compiled from each route's response
 * schemas), each of which remembers what it wrote for a shared answer. A frozen answer is a view of
 * cached reads, shared by every request until the next write (see `derivedOnce`), so writing it
 * again would give the same text: the text is kept beside it instead. Any other answer is
 * serialized as usual.
 */
export function serializersRememberingSharedAnswers(): SerializerFactory {
  const buildDefault = SerializerSelector();
  return (externalSchemas, options) => {
    const compile = buildDefault(externalSchemas, options);
    return (route) => rememberingShared(compile(route));
  };
}

function rememberingShared(serialize: Serialize): Serialize {
  const sharedText = derivedOnce((data: object) => serialize(data));
  return (data) => (typeof data === 'object' && data !== null ? sharedText(data) : serialize(data));
}
