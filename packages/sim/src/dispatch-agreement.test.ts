import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recommendUnits, type DispatchUnit, type PlanForDispatch } from '@continuum/domain';
import { Engine } from './engine.ts';
import { Rng } from './rng.ts';
import { parseScenario } from './scenario.ts';
import { buildWorld, offset } from './world.ts';

/**
 * The engine picks teams with the dispatch rules' parts (ineligibilityCode, maximumFor, the
 * estimator) instead of calling the async recommender per call (ADR 0032). This checks the two
 * agree: for random incidents and random busy/off-duty teams, the engine's team is the
 * recommender's first, and police fallback is offered exactly when the engine would fall back.
 */
describe('the engine chooses as the recommender does', () => {
  it('same first team and same §30 fallback over 300 random situations in the demo region', async () => {
    const parsed = parseScenario(readFileSync(new URL('../scenarios/demo-region.yaml', import.meta.url), 'utf8'));
    if (!parsed.ok) throw new Error('demo scenario invalid');
    const world = buildWorld(parsed.scenario);
    const engine = new Engine(world, 1, 1);
    const county = world.counties[0]!;
    // The county as the recommender sees coverage: a square around the disc the calls fall in.
    const d = county.radiusKm * 1.5;
    const sw = offset(county, -d, -d);
    const ne = offset(county, d, d);
    const area = { type: 'Polygon' as const, coordinates: [[[sw.lon, sw.lat], [ne.lon, sw.lat], [ne.lon, ne.lat], [sw.lon, ne.lat], [sw.lon, sw.lat]]] };
    const plans: PlanForDispatch[] = [
      { responseType: 'mcrt', responders: ['mcrt_clinician', 'engagement_specialist'], maxResponseMinutes: { default: 60 } },
      { responseType: 'co_response', responders: ['mcrt_clinician', 'engagement_specialist', 'police_officer'], maxResponseMinutes: { default: 60 } },
      { responseType: 'mcrt', responders: ['mcrt_clinician', 'engagement_specialist'], maxResponseMinutes: { default: 20 } },
    ];
    const rng = new Rng(42);
    let compared = 0, fallbacks = 0;
    for (let i = 0; i < 300; i++) {
      const units: DispatchUnit[] = world.units.map((u, k) => {
        const state = rng.next();
        engine.onDuty[k] = state < 0.2 ? 0 : 1;
        engine.busy[k] = state >= 0.2 && state < 0.5 ? 1 : 0;
        const status = engine.onDuty[k] ? (engine.busy[k] ? 'dispatched' : 'available') : 'off_shift';
        u.unit.status = status;
        return { ...u.unit, status, serviceArea: area };
      });
      const r = county.radiusKm * Math.sqrt(rng.next());
      const th = 2 * Math.PI * rng.next();
      const at = offset(county, r * Math.cos(th), r * Math.sin(th));
      const plan = plans[i % plans.length]!;
      const youth = i % 7 === 0;
      const ours = engine.bestAt(0, youth, at.lat, at.lon, plan);
      const theirs = await recommendUnits({ location: at, responsePlan: plan, ...(youth ? { needs: { youth: true } } : {}) }, units, { now: new Date(0), travel: world.travel, staleAfterSeconds: 120, regionalMaxMinutes: 60, limit: 3 });
      expect(ours.u >= 0 ? world.units[ours.u]!.unit.id : null).toBe(theirs.ranked[0]?.unitId ?? null);
      const max = theirs.maxResponseMinutes.minutes;
      const engineFallsBack = plan.responseType === 'mcrt' && (ours.u < 0 || ours.eta > max);
      expect(theirs.policeFallback !== null).toBe(engineFallsBack);
      compared++;
      if (engineFallsBack) fallbacks++;
    }
    expect(compared).toBe(300);
    expect(fallbacks).toBeGreaterThan(10);
  }, 60_000);
});
