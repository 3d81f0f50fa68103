import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import type { FollowupEvent } from './events.ts';
import {
  addTask,
  applyFollowupEvent,
  assignEpisode,
  changeReferralStatus,
  closeEpisode,
  completeTask,
  EPISODE_STATUSES,
  logAttempt,
  makeReferral,
  openEpisode,
  programmeForUnitModel,
  PROGRAMMES,
  REFERRAL_STATUSES,
  REFERRAL_TRANSITIONS,
  type EpisodeState,
  type ProgrammeId,
} from './index.ts';

const opened = new Date('2026-11-20T09:00:00Z');
const hours = (h: number) => new Date(opened.getTime() + h * 3_600_000);

/** Folds decided events onto a state, as the repository does. */
const fold = (state: EpisodeState | null, decided: { event: FollowupEvent }[], at: Date): EpisodeState =>
  decided.reduce<EpisodeState | null>((s, d) => applyFollowupEvent(s, d.event, { episodeId: 'e1', sequence: (s?.version ?? 0) + 1, occurredAt: at }), state)!;

/** An open episode of a programme, with overrides applied after opening. */
const buildEpisode = (programme: ProgrammeId = 'program_590_mcrt', overrides: Partial<EpisodeState> = {}): EpisodeState => ({
  ...fold(null, openEpisode({ incidentId: 'i1', agencyId: 'a', regionId: 'r', programme, openedAt: opened, assignedTo: 'cm' }), opened),
  ...overrides,
});

/** Catches a DomainError so its code, field and rule can be asserted. */
const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  }
  throw new Error('expected a refusal');
};

describe('programmes as data', () => {
  it.each([
    ['program_590_mcrt', 3, 30, 3],
    ['co_response', 0, 60, 3],
    ['youth_cares', 30, 60, 5],
  ] as const)('%s: at least %i days, up to %i, %i attempts, first contact within 24 h', (id, min, max, attempts) => {
    const p = PROGRAMMES[id];
    expect([p.minDays, p.maxDays, p.maxAttempts, p.firstContactWithinHours]).toEqual([min, max, attempts, 24]);
    const e = buildEpisode(id);
    expect(e.firstContactDueAt).toEqual(hours(24));
    expect(e.minimumUntil).toEqual(hours(min * 24));
    expect(e.windowEndsAt).toEqual(hours(max * 24));
    expect(e.status).toBe('open');
  });

  it.each([
    ['program_590_mcrt', 'program_590_mcrt'],
    ['alternative_response', 'program_590_mcrt'],
    ['law_enforcement_co_response_embedded', 'co_response'],
    ['law_enforcement_co_response_ride_along', 'co_response'],
    ['medicaid_mobile_crisis', 'youth_cares'],
    ['ems_co_response_peer', null],
    ['psap_co_response', null],
  ] as const)('the unit model %s follows up under %s', (model, programme) => {
    expect(programmeForUnitModel(model)).toBe(programme);
  });
});

describe('the episode state machine', () => {
  // Each status × each action: allowed on a live episode, refused as illegal once closed.
  const actions: Record<string, (e: EpisodeState) => unknown> = {
    log_attempt: (e) => logAttempt(e, { attemptId: 'a1', outcome: 'reached', at: hours(1), actorId: 'cm' }, hours(2)),
    add_task: (e) => addTask(e, { taskId: 't1', title: 'Call back', dueAt: hours(5) }),
    refer: (e) => makeReferral(e, { referralId: 'r1', providerName: 'CCBHC', service: 'outpatient' }),
    close: (e) => closeEpisode(e, { reason: 'declined' }, hours(2)),
  };
  const cases = EPISODE_STATUSES.flatMap((status) => Object.keys(actions).map((action) => [status, action] as const));
  it.each(cases)('%s: %s', (status, action) => {
    const e = buildEpisode('program_590_mcrt', { status });
    if (status === 'closed') expect(refusal(() => actions[action]!(e)).code).toBe('illegal_transition');
    else expect(actions[action]!(e)).toHaveLength(1);
  });

  it('open → engaged when the person is reached; a referral → referred; close → closed', () => {
    let e = buildEpisode();
    e = fold(e, logAttempt(e, { attemptId: 'a1', outcome: 'no_answer', at: hours(1), actorId: 'cm' }, hours(1)), hours(1));
    expect([e.status, e.firstContactAt]).toEqual(['open', null]);
    e = fold(e, logAttempt(e, { attemptId: 'a2', outcome: 'visit', at: hours(3), actorId: 'cm' }, hours(4)), hours(4));
    expect([e.status, e.firstContactAt]).toEqual(['engaged', hours(3)]);
    e = fold(e, makeReferral(e, { referralId: 'r1', providerName: 'Champaign CCBHC', service: 'outpatient counselling' }), hours(5));
    expect(e.status).toBe('referred');
    expect(e.referrals[0]).toMatchObject({ status: 'requested', providerName: 'Champaign CCBHC' });
    // A later contact keeps it referred.
    e = fold(e, logAttempt(e, { attemptId: 'a3', outcome: 'reached', at: hours(6), actorId: 'cm' }, hours(6)), hours(6));
    expect(e.status).toBe('referred');
    e = fold(e, closeEpisode(e, { reason: 'connected_to_care' }, hours(24 * 4)), hours(24 * 4));
    expect(e.status).toBe('closed');
    expect(e.closure).toEqual({ reason: 'connected_to_care', note: null, closedAt: hours(24 * 4) });
  });
});

describe('contact attempts', () => {
  it.each([
    ['program_590_mcrt', 3],
    ['co_response', 3],
    ['youth_cares', 5],
  ] as const)('%s: unanswered attempts stop at %i, contact made is still logged', (programme, limit) => {
    let e = buildEpisode(programme);
    for (let i = 0; i < limit; i++) {
      e = fold(e, logAttempt(e, { attemptId: `a${i}`, outcome: i % 2 ? 'left_message' : 'no_answer', at: hours(i + 1), actorId: 'cm' }, hours(i + 1)), hours(i + 1));
    }
    const err = refusal(() => logAttempt(e, { attemptId: 'over', outcome: 'no_answer', at: hours(10), actorId: 'cm' }, hours(10)));
    expect(err.issues).toEqual([expect.objectContaining({ field: 'outcome', rule: 'max_attempts' })]);
    expect(err.message).toContain(`${limit} of ${limit}`);
    e = fold(e, logAttempt(e, { attemptId: 'back', outcome: 'reached', at: hours(11), actorId: 'cm' }, hours(11)), hours(11));
    expect(e.status).toBe('engaged');
    // Once reached, the limit no longer counts: later tries are care contacts.
    expect(logAttempt(e, { attemptId: 'later', outcome: 'no_answer', at: hours(12), actorId: 'cm' }, hours(12))).toHaveLength(1);
  });

  it.each([
    ['in the future', hours(3), hours(2), 'not_in_future'],
    ['before the episode opened', hours(-1), hours(2), 'after_opened'],
  ] as const)('refuses an attempt %s', (_what, at, now, rule) => {
    const err = refusal(() => logAttempt(buildEpisode(), { attemptId: 'a', outcome: 'reached', at, actorId: 'cm' }, now));
    expect(err.issues[0]).toMatchObject({ field: 'at', rule });
  });
});

describe('who owns an episode', () => {
  it('is handed back and taken again; the same owner twice is a conflict; a closed one is not taken', () => {
    let e = buildEpisode();
    e = fold(e, assignEpisode(e, null), hours(1));
    expect(e.assignedTo).toBeNull();
    expect(refusal(() => assignEpisode(e, null)).code).toBe('conflict');
    e = fold(e, assignEpisode(e, 'cm2'), hours(2));
    expect(e.assignedTo).toBe('cm2');
    expect(refusal(() => assignEpisode(buildEpisode('program_590_mcrt', { status: 'closed' }), 'cm')).code).toBe('illegal_transition');
  });
});

describe('tasks', () => {
  it('adds and completes a task once', () => {
    let e = buildEpisode();
    e = fold(e, addTask(e, { taskId: 't1', title: '  Call the sister  ', dueAt: hours(30) }), hours(1));
    expect(e.tasks).toEqual([{ id: 't1', title: 'Call the sister', dueAt: hours(30), completedAt: null }]);
    e = fold(e, completeTask(e, 't1'), hours(2));
    expect(e.tasks[0]!.completedAt).toEqual(hours(2));
    expect(refusal(() => completeTask(e, 't1')).code).toBe('conflict');
    expect(refusal(() => completeTask(e, 'nope')).code).toBe('not_found');
  });

  it.each([
    ['a blank title', { title: '  ', dueAt: hours(1) }, 'title', 'required'],
    ['a due date before opening', { title: 'x', dueAt: hours(-2) }, 'dueAt', 'after_opened'],
  ])('refuses %s', (_what, input, field, rule) => {
    expect(refusal(() => addTask(buildEpisode(), { taskId: 't', ...input })).issues[0]).toMatchObject({ field, rule });
  });
});

describe('referrals', () => {
  const pairs = REFERRAL_STATUSES.flatMap((from) => REFERRAL_STATUSES.map((to) => [from, to] as const));
  it.each(pairs)('from %s to %s', (from, to) => {
    const base = buildEpisode();
    const made = fold(base, makeReferral(base, { referralId: 'r1', providerName: 'P', service: 's' }), hours(1));
    const e = { ...made, referrals: made.referrals.map((r) => ({ ...r, status: from })) };
    if (REFERRAL_TRANSITIONS[from].includes(to)) {
      const next = fold(e, changeReferralStatus(e, { referralId: 'r1', status: to }), hours(2));
      expect(next.referrals[0]!.status).toBe(to);
    } else {
      expect(refusal(() => changeReferralStatus(e, { referralId: 'r1', status: to })).code).toBe('illegal_transition');
    }
  });

  it('needs a provider and a service', () => {
    expect(refusal(() => makeReferral(buildEpisode(), { referralId: 'r', providerName: ' ', service: 's' })).issues[0]).toMatchObject({ field: 'providerName', rule: 'required' });
    expect(refusal(() => makeReferral(buildEpisode(), { referralId: 'r', providerName: 'P', service: '' })).issues[0]).toMatchObject({ field: 'service', rule: 'required' });
  });
});

describe('closing', () => {
  it.each([
    [{}, 'reason', 'required'],
    [{ reason: '   ' }, 'reason', 'required'],
    [{ reason: 'moved_away' }, 'reason', 'one_of'],
  ])('refuses %o: %s %s', (input, field, rule) => {
    expect(refusal(() => closeEpisode(buildEpisode(), input, hours(24 * 10))).issues).toEqual([expect.objectContaining({ field, rule })]);
  });

  it.each([
    ['connected_to_care', true],
    ['no_longer_needs_support', true],
    ['declined', false],
    ['lost_contact', false],
  ] as const)('before the programme floor, %s needs a note: %s', (reason, needsNote) => {
    const e = buildEpisode('youth_cares');
    const early = hours(24 * 5);
    if (needsNote) {
      expect(refusal(() => closeEpisode(e, { reason }, early)).issues[0]).toMatchObject({ field: 'note', rule: 'required_before_minimum' });
      expect(closeEpisode(e, { reason, note: 'family moved to another county' }, early)).toHaveLength(1);
    } else {
      expect(closeEpisode(e, { reason }, early)).toHaveLength(1);
    }
    expect(closeEpisode(e, { reason }, hours(24 * 31))).toHaveLength(1);
  });
});
