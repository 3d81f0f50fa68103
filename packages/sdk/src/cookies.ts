/**
 * A minimal cookie jar for clients outside a browser. Browsers keep the session cookie
 * themselves and never show Set-Cookie to scripts, so there the jar simply stays empty;
 * Node's fetch keeps no cookies, so the SDK must. One server per client: no domain or path
 * matching is needed.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Records the cookies a response sets, and forgets those it expires. */
  store(setCookieHeaders: readonly string[], now = Date.now()): void {
    for (const header of setCookieHeaders) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || isExpired(attributes, now)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The Cookie request header, or undefined when there is nothing to send. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  clear(): void {
    this.cookies.clear();
  }
}

function isExpired(attributes: string[], now: number): boolean {
  for (const raw of attributes) {
    const [key = '', value = ''] = raw.split('=').map((s) => s.trim());
    const k = key.toLowerCase();
    if (k === 'max-age' && Number(value) <= 0) return true;
    if (k === 'expires') {
      const at = Date.parse(value);
      if (!Number.isNaN(at) && at <= now) return true;
    }
  }
  return false;
}

/** Reads every Set-Cookie header of a response, where the runtime lets us. */
export function readSetCookies(headers: Headers): string[] {
  const withList = headers as Headers & { getSetCookie?: () => string[] };
  if (typeof withList.getSetCookie === 'function') return withList.getSetCookie();
  const single = headers.get('set-cookie');
  return single ? [single] : [];
}
