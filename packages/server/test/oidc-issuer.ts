import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1 for the OIDC sign-in tests: one confidential
 * client, a few accounts with passwords, and plain login and consent pages that a test submits
 * like a browser would. Nothing is shared between instances.
 */
export interface TestIssuer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** Starts the issuer; `redirectUri` is the one registered for its client (Continuum's callback). */
export async function startTestIssuer(opts: { redirectUri: string; accounts: Record<string, string> }): Promise<TestIssuer> {
  const clientId = 'continuum-test';
  const clientSecret = 'a-test-client-secret-of-reasonable-length';
  let provider: Provider | null = null;
  let handle: ReturnType<Provider['callback']> | null = null;
  const rows = new Map<string, Payload>();
  const server = createServer((req, res) => {
    if (!provider || !handle) return void res.writeHead(503).end();
    if (req.url?.startsWith('/interaction/')) return void interact(provider, opts.accounts, req, res).catch((err: Error) => res.writeHead(500).end(err.message));
    handle(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [opts.redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [{ ...signing, kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['a-test-cookie-signing-key'] },
    adapter: (model: string) => new MapAdapter(model, rows),
    findAccount: (_ctx: unknown, id: string) => (id in opts.accounts ? { accountId: id, claims: () => ({ sub: id }) } : undefined),
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true, methods: ['S256'] },
    ttl: { AccessToken: 300, AuthorizationCode: 60, IdToken: 300, Interaction: 600, Session: 600, Grant: 600 },
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'text';
      ctx.body = `${out.error}: ${out.error_description}`;
    },
  });
  handle = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

// The provider's own pages: GET shows a form, POST …/login checks a password, POST …/confirm
// grants what the client asked for, GET …/abort refuses (an IdP-side error for the client).
async function interact(provider: Provider, accounts: Record<string, string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [, , uid, action] = new URL(req.url!, 'http://x').pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return void res.writeHead(400).end('interaction mismatch');
  if (req.method === 'GET' && action === 'abort') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user refused' }, { mergeWithLastSubmission: false });
  }
  if (req.method === 'GET') {
    const form = details.prompt.name === 'login'
      ? `<form method="post" action="/interaction/${uid}/login"><input name="login"><input name="password" type="password"></form>`
      : `<form method="post" action="/interaction/${uid}/confirm"><button>Continue</button></form>`;
    return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>${details.prompt.name}</title>${form}`);
  }
  const body = new URLSearchParams(await readBody(req));
  if (action === 'login') {
    const login = body.get('login') ?? '';
    if (accounts[login] === undefined || accounts[login] !== body.get('password')) return void res.writeHead(401).end('wrong login');
    return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  }
  const grant = details.grantId ? (await provider.Grant.find(details.grantId))! : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id });
  if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
  if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
  return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: number };

/** In-memory storage for the provider's artefacts (its own one warns on every start). */
class MapAdapter {
  constructor(
    private readonly model: string,
    private readonly rows: Map<string, Payload>,
  ) {}
  private key = (id: string) => `${this.model}:${id}`;
  async upsert(id: string, payload: Payload): Promise<void> {
    this.rows.set(this.key(id), payload);
  }
  async find(id: string): Promise<Payload | undefined> {
    return this.rows.get(this.key(id));
  }
  async findByUid(uid: string): Promise<Payload | undefined> {
    return [...this.rows.entries()].find(([k, p]) => k.startsWith(`${this.model}:`) && p.uid === uid)?.[1];
  }
  async findByUserCode(code: string): Promise<Payload | undefined> {
    return [...this.rows.entries()].find(([k, p]) => k.startsWith(`${this.model}:`) && p.userCode === code)?.[1];
  }
  async consume(id: string): Promise<void> {
    const row = this.rows.get(this.key(id));
    if (row) row.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string): Promise<void> {
    this.rows.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [k, p] of this.rows) if (p.grantId === grantId) this.rows.delete(k);
  }
}
