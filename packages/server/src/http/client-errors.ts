import type { Socket } from 'node:net';
import type { ErrorBody } from '@continuum/contracts';

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a request line or headers over
 * Node's 16 KiB, a malformed request, a client too slow to send one) answer in the one error
 * shape too; Node's status is kept, since the request never reached a route.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, label, body] = answerTo(err.code);
  if (socket.writable) {
    const text = JSON.stringify(body);
    socket.write(`HTTP/1.1 ${status} ${label}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${text}`);
  }
  socket.destroy(err);
}

function answerTo(code: string | undefined): [number, string, ErrorBody] {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return [431, 'Request Header Fields Too Large', { error: { code: 'payload_too_large', message: 'The URL and headers are too large', issues: [{ field: 'headers', rule: 'max_bytes', message: 'the request line and headers must be at most 16 KiB together' }] } }];
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'Request Timeout', { error: { code: 'validation_failed', message: 'The request took too long to arrive', issues: [{ field: 'request', rule: 'timeout', message: 'send the whole request sooner' }] } }];
  }
  return [400, 'Bad Request', { error: { code: 'validation_failed', message: 'The request is not valid HTTP', issues: [{ field: 'request', rule: 'http', message: 'the request could not be parsed' }] } }];
}
