import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadEido } from '../../server/test/eido-fixtures.ts';
import { DEMO_PASSWORD, startHarness, type Harness, signInAs } from './browser-harness.ts';

// The administrator's CAD links page (issue 11 §5): a 911 CAD linked with an eido.write token, a
// webhook that the CAD's server refuses, and what the administrator sees of it.
let harness: Harness;
let cad: Server;
let cadHits = 0;

beforeAll(async () => {
  harness = await startHarness();
  cad = createServer((req, res) => {
    cadHits += 1;
    req.resume();
    res.writeHead(503).end();
  });
  await new Promise<void>((r) => cad.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await harness?.close();
  await new Promise((r) => cad?.close(r));
});

async function linkCad(): Promise<void> {
  const signIn = await fetch(`${harness.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'telecom', password: DEMO_PASSWORD }) });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const minted = await fetch(`${harness.url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'Champaign 911 CAD', expiresInDays: 30, scopes: ['eido.write'] }) });
  const { token } = (await minted.json()) as { token: string };
  const send = (path: string, body: unknown) =>
    fetch(`${harness.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(body) });
  expect((await send('/api/eido/subscriptions', { url: `http://127.0.0.1:${(cad.address() as AddressInfo).port}/eido` })).status).toBe(201);
  expect((await send('/api/eido', cadEido())).status).toBe(201);
}

describe('CAD links', () => {
  it('shows the administrator the linked CAD, its webhook and the failed deliveries', async () => {
    const { page, errors } = await harness.openConsole();
    await signInAs(page, 'admin');
    await page.goto(`${harness.url}/#/admin/cad-links`);
    await page.getByTestId('cad-links').waitFor();
    // Before any CAD is linked: plain empty states.
    await page.getByTestId('cad-tokens-empty').waitFor();
    await page.getByTestId('cad-subscriptions-empty').waitFor();

    await linkCad();
    await expect.poll(() => cadHits, { timeout: 15_000 }).toBeGreaterThan(0);
    await page.reload();
    await page.getByTestId('cad-tokens').waitFor();
    expect(await page.getByTestId('cad-tokens').innerText()).toContain('Champaign 911 CAD');
    expect(await page.getByTestId('cad-subscriptions').innerText()).toContain('/eido');
    await page.getByTestId('cad-failures').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('cad-failures').innerText()).toContain('the CAD answered 503');
    expect(await page.getByTestId('cad-deliveries').innerText()).toContain('urn:emergency:uid:incidentid:');

    for (const [w, h] of [[1440, 900], [390, 844]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `/work/shots/eido/cad-links-${w}.png`, fullPage: true }).catch(() => undefined);
    }
    // Keyboard: the sub-navigation reaches the agreements page and back.
    await page.getByRole('link', { name: 'Sharing agreements' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('agreements-table').waitFor();
    expect(errors).toEqual([]);
  });
});
