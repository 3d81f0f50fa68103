import { z } from 'zod';

/**
 * Characters PostgreSQL cannot hold: NUL (text and jsonb refuse it) and a UTF-16 surrogate not in a
 * pair (jsonb refuses its escape; text silently turns it into U+FFFD). One class, no alternation, so
 * checking a 64 KiB body stays linear.
 */
// eslint-disable-next-line no-control-regex -- NUL is the very character refused
export const STORABLE_TEXT = /^[^\u0000\p{Cs}]*$/u;

/** The rule name a refusal of such a character carries in `issues[].rule`. */
export const STORABLE_TEXT_RULE = 'storable_text';

export const STORABLE_TEXT_MESSAGE = 'must not contain a NUL character or an unpaired UTF-16 surrogate';

/**
 * The one string schema for everything a client sends (bodies, path parameters, query strings).
 * A raw `z.string()` in a request schema is refused by test/bad-input.test.ts, which walks every
 * operation of the OpenAPI document: the pattern shows there, so the check cannot be skipped silently.
 */
export const Text = z.string().regex(STORABLE_TEXT, STORABLE_TEXT_MESSAGE);
