import { ApiError } from '@continuum/sdk';
import { describe, expect, it } from 'vitest';
import { checkBreakGlass, cleanId, describeBreakGlassError } from './break-glass.ts';

const ID = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';

describe('break-glass form checks', () => {
  it('takes a pasted id with spaces, quotes or a # as the id itself', () => {
    expect(cleanId(`  "${ID.toUpperCase()}" `)).toBe(ID);
    expect(cleanId(`#${ID}`)).toBe(ID);
  });

  it('asks for a UUID and a reason of at least 10 characters, counted without spaces round it', () => {
    expect(checkBreakGlass(ID, 'Team on scene needs it').fields).toEqual({});
    expect(checkBreakGlass('', '').fields).toEqual({ id: 'Enter the incident id', reason: expect.stringMatching(/Write why/) });
    expect(checkBreakGlass('12345', '   short   ').fields).toEqual({
      id: expect.stringMatching(/looks like/),
      reason: expect.stringMatching(/at least 10 characters.*\(5 so far\)/),
    });
  });

  it('says an unknown id plainly and files the server’s field issues', () => {
    expect(describeBreakGlassError(new ApiError({ status: 404, code: 'not_found', message: 'Incident not found' })).fields).toEqual({
      id: 'No incident with that id in your region',
    });
    const invalid = new ApiError({
      status: 400, code: 'validation_failed', message: 'reason: too short',
      issues: [{ field: 'reason', rule: 'too_small', message: 'write at least a sentence: why is this record needed?' }],
    });
    expect(describeBreakGlassError(invalid).fields).toEqual({ reason: 'write at least a sentence: why is this record needed?' });
  });
});
