import { describe, expect, it } from 'vitest';
import { recommendUnits } from './recommend.ts';
import { buildContext, buildIncident, buildUnit, NOW } from './recommend-builders.ts';

// Issue 11 §2: the person's preferred language reaches the recommendation as a preference.
const INCIDENT = buildIncident();
const { lat, lon } = INCIDENT.location;
const northBy = (km: number) => ({ lat: lat + km / 111.2, lon, at: new Date(NOW.getTime() - 30_000) });
const spanish = { youth: false, languages: ['en', 'es-US'], naloxone: true, canTransport: false };

describe('recommendUnits: the person’s preferred language', () => {
  it('ranks a team that speaks it first, before a faster one that does not, and says why', async () => {
    const units = [buildUnit({ id: 'near', name: 'Near', position: northBy(3) }), buildUnit({ id: 'es', name: 'Spanish', position: northBy(10), capabilities: spanish })];
    const r = await recommendUnits({ ...INCIDENT, preferredLanguage: 'es' }, units, buildContext());
    expect(r.ranked.map((u) => u.unitId)).toEqual(['es', 'near']);
    expect(r.ranked[0]!.reasons[0]).toBe('First of 2 eligible units because it speaks the person\'s language: ETA 10.0 min, 10.0 km, 7.0 min slower than the fastest');
    expect(r.ranked[0]!.reasons).toContain('Speaks es, the person\'s preferred language');
    expect(r.ranked[1]!.reasons).toContain('Does not speak es, the person\'s preferred language: use an interpreter line');
    expect(r.ranked[1]!.reasons[0]).toBe('Rank 2 of 2: ETA 3.0 min, 3.0 km, 7.0 min faster than the first, which speaks the person\'s language');
    // A preference, not a requirement: nobody is passed over for it.
    expect(r.excluded).toEqual([]);
  });

  it('ranks by arrival time when the speaking team would arrive after the maximum', async () => {
    const units = [buildUnit({ id: 'near', position: northBy(3) }), buildUnit({ id: 'es', position: northBy(45), capabilities: spanish })];
    const r = await recommendUnits({ ...INCIDENT, preferredLanguage: 'es' }, units, buildContext());
    expect(r.ranked.map((u) => u.unitId)).toEqual(['near', 'es']);
    expect(r.ranked[1]!.reasons).toContain('Speaks es, the person\'s preferred language (but arrives after the maximum, so ranked by ETA)');
  });

  it('without a language need ranks by arrival time and says nothing of language', async () => {
    const units = [buildUnit({ id: 'near', position: northBy(3) }), buildUnit({ id: 'es', position: northBy(10), capabilities: spanish })];
    const r = await recommendUnits(INCIDENT, units, buildContext());
    expect(r.ranked.map((u) => u.unitId)).toEqual(['near', 'es']);
    expect(r.ranked.flatMap((u) => u.reasons).filter((x) => /language/.test(x))).toEqual([]);
    expect(r.approximate).toBe(false);
  });

  it('marks every ETA to an approximate location as an estimate', async () => {
    const r = await recommendUnits({ ...INCIDENT, approximateLocation: true }, [buildUnit({ position: northBy(3) })], buildContext());
    expect(r.approximate).toBe(true);
    expect(r.ranked[0]!.reasons).toContain('ETA to an approximate location (a town\'s centre or a pin near the place): an estimate');
  });
});
