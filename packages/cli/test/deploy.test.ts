import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The deployment files (Dockerfile, deploy/compose.yaml, deploy/nginx.conf) are for users and no
// test runs Docker: this checks what can be checked without it, that they agree with each other
// and with the code (issue 16 §4).
const ROOT = new URL('../../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(ROOT + path, 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  command?: string[];
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(read('deploy/compose.yaml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const APPS = ['continuum-1', 'continuum-2'];
const env = (name: string) => services[name]!.environment ?? {};
const nginx = read('deploy/nginx.conf');
const dockerfile = read('Dockerfile');
const configSource = read('packages/server/src/config.ts');

describe('deploy/compose.yaml', () => {
  it('runs PostgreSQL 16, two Continuum processes built from the Dockerfile and a proxy, each with a health check', () => {
    expect(Object.keys(services).sort()).toEqual(['continuum-1', 'continuum-2', 'postgres', 'proxy']);
    expect(services.postgres!.image).toMatch(/^postgres:16/);
    for (const name of Object.keys(services)) {
      expect(services[name]!.healthcheck?.test.join(' '), name).toBeTruthy();
    }
    expect(services.postgres!.healthcheck!.test.join(' ')).toMatch(/pg_isready/);
    for (const app of APPS) {
      expect(services[app]!.build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
      expect(services[app]!.healthcheck!.test.join(' ')).toMatch(/127\.0\.0\.1:8080\/healthz/);
      // Started only once the database answers; the proxy only once both servers do.
      expect(services[app]!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
      expect(services.proxy!.depends_on?.[app]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('points both processes at the same database, the compose file\'s PostgreSQL', () => {
    const urls = APPS.map((app) => env(app).DATABASE_URL);
    expect(urls[0]).toBeTruthy();
    expect(urls[1]).toBe(urls[0]);
    const url = new URL(urls[0]!.replace(/\$\{[^}]+\}/g, 'secret'));
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(url.pathname).toBe(`/${env('postgres').POSTGRES_DB}`);
    expect(url.username).toBe(env('postgres').POSTGRES_USER);
    // The same password variable on both sides of the connection.
    expect(urls[0]).toContain(env('postgres').POSTGRES_PASSWORD!.replace(/:\?.*\}$/, ''));
  });

  it('gives every process the same settings: the proxy trusted by its address, secure cookies, the first administrator, no demo', () => {
    expect(env('continuum-2')).toEqual(env('continuum-1'));
    const settings = env('continuum-1');
    const proxyNetworks = services.proxy!.networks as Record<string, { ipv4_address?: string }>;
    const proxyAddress = Object.values(proxyNetworks)[0]?.ipv4_address;
    expect(proxyAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(settings.CONTINUUM_TRUSTED_PROXIES).toBe(proxyAddress);
    expect(settings.CONTINUUM_SECURE_COOKIES).toBe('true');
    for (const key of ['CONTINUUM_ADMIN_USERNAME', 'CONTINUUM_ADMIN_PASSWORD', 'CONTINUUM_ADMIN_NAME', 'CONTINUUM_ADMIN_AGENCY']) {
      expect(settings[key], key).toMatch(/^\$\{CONTINUUM_ADMIN_\w+:\?/);
    }
    expect(services['continuum-1']!.command).toEqual(['start']);
    // Every setting named is one the server reads: a misspelt name would be silently ignored.
    const keys = Object.keys(settings);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(configSource, key).toMatch(new RegExp(`env\\.${key}\\b|'${key}'`));
  });
});

describe('deploy/nginx.conf', () => {
  it('balances over both processes on the port they listen on', () => {
    const upstream = /upstream continuum \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    for (const app of APPS) expect(upstream).toMatch(new RegExp(`server ${app}:${env(app).PORT}\\b`));
  });

  it('forwards the WebSocket upgrade at /api/feed and keeps idle sockets open', () => {
    const feed = /location \/api\/feed \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect(feed).toMatch(/proxy_pass http:\/\/continuum;/);
    expect(feed).toMatch(/proxy_http_version 1\.1;/);
    expect(feed).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(feed).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(nginx).toMatch(/map \$http_upgrade \$connection_upgrade \{\s*default upgrade;/);
    expect(feed).toMatch(/proxy_read_timeout 1h;/);
    // The server compares an upgrade's Origin with Host: the port must survive ($host drops it).
    expect(feed).toMatch(/proxy_set_header Host \$http_host;/);
  });

  it('sets the client address itself in every proxied location, never passing on what the client sent', () => {
    const locations = [...nginx.matchAll(/location (\/\S*) \{([^}]*proxy_pass[^}]*)\}/g)].filter((m) => m[1] !== '/healthz');
    expect(locations.length).toBe(2);
    for (const [, path, body] of locations) {
      expect(body, path).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
      expect(body, path).toMatch(/proxy_set_header X-Forwarded-Proto \$scheme;/);
    }
  });
});

describe('Dockerfile', () => {
  const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string>; dependencies: Record<string, string> };

  it('runs only scripts package.json has, builds the console, and runs from source through tsx', () => {
    const scripts = [...dockerfile.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
    expect(scripts).toContain('build:web');
    for (const s of scripts) expect(packageJson.scripts, s).toHaveProperty([s]);
    // The running image has no dev dependencies: tsx, which runs the source, must not be one.
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(packageJson.dependencies).toHaveProperty(['tsx']);
    const entry = /ENTRYPOINT \["node", "([^"]+)"\]/.exec(dockerfile)?.[1];
    expect(entry).toBe('packages/cli/bin/continuum.mjs');
    expect(existsSync(ROOT + entry)).toBe(true);
  });

  it('copies only paths that exist, from a slim Debian Node image, and runs as a non-root user with a health check', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    expect(sources.length).toBeGreaterThan(5);
    for (const s of sources) expect(existsSync(ROOT + s), s).toBe(true);
    // Images from outside are slim Debian Node; the two installs start from the manifests stage.
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!);
    expect(bases.filter((b) => b === 'manifests').length).toBe(2);
    const images = bases.filter((b) => b !== 'manifests');
    expect(images.length).toBe(2);
    for (const b of images) expect(b).toBe('node:${NODE_VERSION}-bookworm-slim');
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=(20|22|24)$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    // Every workspace's package.json is copied before `npm ci`, or the workspace links break.
    const workspaces = ['cli', 'contracts', 'domain', 'sdk', 'server', 'storage', 'web'].filter((w) => existsSync(`${ROOT}packages/${w}/package.json`));
    expect(workspaces.length).toBe(7);
    for (const w of workspaces) expect(dockerfile.split(`COPY packages/${w}/package.json packages/${w}/`).length - 1, w).toBe(1);
  });

  it('leaves installed modules and local databases out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ignored.length).toBeGreaterThan(0);
    for (const p of ['**/node_modules', 'data', '.git', '**/dist']) expect(ignored).toContain(p);
  });
});
