import { describe, expect, it } from 'vitest';
import { ApiError, isApiError, networkError, parseErrorBody } from './errors.ts';

describe('parseErrorBody', () => {
  it('quotes the server’s error body: code, message, issues, details, request id', () => {
    const body = {
      error: {
        code: 'illegal_transition',
        message: 'Cannot dispatch from received',
        requestId: 'req-7',
        details: { status: 'received' },
      },
    };
    const error = parseErrorBody(409, JSON.stringify(body));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'illegal_transition', message: 'Cannot dispatch from received', requestId: 'req-7', issues: [] });
    expect(error.details).toEqual({ status: 'received' });
  });

  it.each([
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [413, 'payload_too_large'],
    [502, 'unavailable'],
    [500, 'internal'],
    [418, 'http_error'],
  ])('derives a code from status %i when the body is not an error body', (status, code) => {
    const error = parseErrorBody(status, '<html>Bad Gateway</html>', 'Bad Gateway');
    expect(error.code).toBe(code);
    expect(error.message).toBe(`HTTP ${status} Bad Gateway`);
  });

  it('handles an empty body and JSON of the wrong shape', () => {
    expect(parseErrorBody(503, '').code).toBe('unavailable');
    expect(parseErrorBody(400, '{"message":"nope"}').code).toBe('validation_failed');
  });
});

describe('isApiError and networkError', () => {
  it('matches by code', () => {
    const error = parseErrorBody(401, '{"error":{"code":"unauthenticated","message":"Sign in"}}');
    expect(isApiError(error)).toBe(true);
    expect(isApiError(error, 'forbidden', 'unauthenticated')).toBe(true);
    expect(isApiError(error, 'forbidden')).toBe(false);
    expect(isApiError(new Error('x'))).toBe(false);
  });

  it('marks network failures and timeouts with status 0', () => {
    expect(networkError(new TypeError('fetch failed'))).toMatchObject({ status: 0, code: 'network_error', isNetwork: true });
    expect(networkError(new Error('aborted'), true).code).toBe('timeout');
  });
});
