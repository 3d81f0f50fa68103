/** A fresh Idempotency-Key for one logical write (a UUID: 36 chars of [0-9a-f-]). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  // randomUUID exists only in secure contexts; a console opened over plain http on a LAN
  // address still has getRandomValues, so build a v4 UUID from that.
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const KEY = /^[\w.:-]{8,128}$/;

/** Whether a caller-supplied key meets the server's rule (8-128 chars of [\w.:-]). */
export function isValidIdempotencyKey(key: string): boolean {
  return KEY.test(key);
}
