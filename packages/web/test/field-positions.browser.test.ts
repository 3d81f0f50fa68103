import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness, signInAs } from './browser-harness.ts';

// Issue 15 §4 in two browsers: a crew's phone (its own browser, location allowed and moved by
// the test) reports where its unit is over the feed socket; the dispatcher's board, in another
// browser, shows the unit move without re-reading the unit list, and shows it stale once the
// phone stops sending. The server's staleness is set short (10 s) so the test need not wait a minute.
const UNIT = 'champaign-mcrt-1';
const STALE_SECONDS = 10;
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ positionStaleSeconds: STALE_SECONDS });
});

afterAll(async () => {
  await harness?.close();
});

/** The board's row of the unit, as the roster shows it (what a screen reader reads too). */
const row = (board: Page) => board.locator(`[data-testid="roster-unit"][data-unit="${UNIT}"]`);

/** Waits until the board shows the unit at `lat` (to the metre). */
async function boardShowsAt(board: Page, lat: number, timeout = 20_000): Promise<void> {
  await board.waitForFunction(
    ([sel, want]) => {
      const el = document.querySelector(sel as string);
      return el !== null && Math.abs(Number(el.getAttribute('data-lat')) - (want as number)) < 1e-5;
    },
    [`[data-testid="roster-unit"][data-unit="${UNIT}"]`, lat] as const,
    { timeout },
  );
}

describe('the phone sends its position; the board follows it without polling', () => {
  it('moves the unit on the board as the phone moves, and shows it stale once the phone stops', async () => {
    const api = await harness.api('dispatcher');
    const before = (await api.listUnits()).items.find((u) => u.id === UNIT)!;
    expect(before.status).not.toBe('off_duty');
    expect(before.position).toBeDefined();
    // Near where the unit was last seen, so each move is a plausible drive.
    const start = { latitude: before.position!.lat + 0.0003, longitude: before.position!.lon };

    const { page: board, errors } = await harness.openConsole();
    await board.setViewportSize({ width: 1440, height: 900 });
    await signInAs(board, 'dispatcher');
    await row(board).waitFor({ timeout: 15_000 });
    // The feed's `ready` refetches the lists once (ADR 0038): let that settle before counting.
    await board.locator('[data-testid="connection-status"][data-state="live"]').waitFor({ timeout: 15_000 });
    await board.waitForTimeout(1_500);
    // From here on the board must not re-read the unit list: positions arrive over the feed.
    const unitReads: string[] = [];
    // A socket that reconnects refetches the list once on `ready` (ADR 0038): that is not a poll.
    let reconnects = 0;
    board.on('websocket', () => { reconnects++; });
    board.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/units') unitReads.push(r.url());
    });

    const { page: phone, errors: phoneErrors } = await harness.openOtherConsole({ width: 390, height: 844 }, { geolocation: start });
    await signInAs(phone, 'clinician');
    await phone.evaluate(() => { window.location.hash = '/field'; });
    const sharing = phone.locator('[data-testid="field-location"][data-sharing="true"]');
    await sharing.waitFor({ timeout: 15_000 });
    expect(await sharing.textContent()).toMatch(/Sharing your location with dispatch/);
    await harness.screenshot(phone, 'field-positions-phone-390');

    await boardShowsAt(board, start.latitude);
    expect(await row(board).getAttribute('data-stale')).toBe('false');

    // The crew drives north: two moves of ~55 m, each more than 5 s after the last fix kept.
    for (const step of [1, 2]) {
      await phone.waitForTimeout(5_500);
      const next = { latitude: start.latitude + step * 0.0005, longitude: start.longitude };
      await phone.context().setGeolocation(next);
      await boardShowsAt(board, next.latitude);
    }
    const moved = await row(board).getAttribute('data-position-at');
    expect(Date.parse(moved!)).toBeGreaterThan(Date.now() - 15_000);
    expect(await row(board).textContent()).toMatch(/Position \d+ s old|Position just now|Position/);
    await harness.screenshot(board, 'field-positions-board-1440');

    // The same screens the other way round: the field view on a desk screen, the board on a phone.
    await phone.setViewportSize({ width: 1440, height: 900 });
    await harness.screenshot(phone, 'field-positions-phone-1440');

    // The phone stops (the crew closes it): after the staleness the board says so, still without a poll.
    await phone.close();
    await board.waitForSelector(`[data-testid="roster-unit"][data-unit="${UNIT}"][data-stale="true"]`, { timeout: (STALE_SECONDS + 15) * 1000 });
    expect(await row(board).textContent()).toMatch(/Stale position/);
    expect(unitReads.length).toBeLessThanOrEqual(reconnects);
    await board.setViewportSize({ width: 390, height: 844 });
    await harness.screenshot(board, 'field-positions-board-390');
    // The server agrees: the unit's last fix is the phone's last one.
    const after = (await api.listUnits()).items.find((u) => u.id === UNIT)!;
    expect(after.position!.lat).toBeCloseTo(start.latitude + 0.001, 6);
    expect(after.position!.stale).toBe(true);
    expect(errors).toEqual([]);
    expect(phoneErrors).toEqual([]);
  }, 120_000);
});
