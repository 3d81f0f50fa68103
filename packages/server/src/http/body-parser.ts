import { LIMITS } from '@continuum/contracts';
import { DomainError } from '@continuum/domain';
import type { FastifyInstance } from 'fastify';

/**
 * The one JSON body parser. Before Fastify's own (which keeps refusing `__proto__` and
 * `constructor` keys), it refuses what would otherwise reach a route as a 500 or as garbage:
 * any media type but JSON (415), a charset other than UTF-8 (the bytes would be read as UTF-8 regardless),
 * bytes that are not valid UTF-8 (a lenient decoder turns them silently into U+FFFD, so a record
 * would hold text the sender never sent) and nesting deeper than LIMITS.maxJsonDepth (building
 * the request's context and validating it recurse, so a deeply nested body overflowed the stack,
 * even on routes that take no body).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // Every body this API reads is JSON: text/plain would reach a route as a string and be refused
  // as the wrong type; refusing its media type says what is wrong.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const charset = charsetOf(req.headers['content-type']);
    if (charset !== null && charset !== 'utf-8' && charset !== 'utf8') {
      return done(
        new DomainError('unsupported_media_type', 'Send JSON as UTF-8', {}, [{ field: 'body', rule: 'charset', message: `charset ${charset} is not accepted; send utf-8` }]),
        undefined,
      );
    }
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      return done(
        new DomainError('validation_failed', 'The body is not valid UTF-8', {}, [{ field: 'body', rule: 'utf8', message: 'the body holds bytes that are not valid UTF-8' }]),
        undefined,
      );
    }
    if (depthOf(text) > LIMITS.maxJsonDepth) {
      return done(
        new DomainError('validation_failed', 'The body nests too deeply', {}, [
          { field: 'body', rule: 'max_depth', message: `JSON may nest arrays and objects at most ${LIMITS.maxJsonDepth} levels deep` },
        ]),
        undefined,
      );
    }
    void parseJson(req, text, done);
  });
}

/** Strict: an invalid byte sequence throws rather than becoming U+FFFD. A leading BOM is dropped, as JSON.parse would refuse it. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

function charsetOf(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

/** The deepest nesting of arrays and objects in JSON text, brackets in strings not counted. */
export function depthOf(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
