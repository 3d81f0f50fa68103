import { describe, expect, it } from 'vitest';
import { accuracyOf, contactIssues, languageNeed, UNKNOWN_LOCATION } from './contact.ts';

describe('contact channels and locations (issue 11 §2)', () => {
  it('988 takes calls, texts and chats; 911 calls and texts; a chat to 911 is refused naming the field', () => {
    for (const channel of ['call', 'text', 'chat'] as const) expect(contactIssues({ entryPoint: '988', channel, location: undefined })).toEqual([]);
    expect(contactIssues({ entryPoint: '911', channel: 'text', location: { address: '1 Main St' } })).toEqual([]);
    expect(contactIssues({ entryPoint: '911', channel: 'chat', location: { address: '1 Main St' } })).toEqual([
      { field: 'channel', rule: 'channel_not_taken', message: 'a 911 contact comes by call or text, not by chat' },
    ]);
  });

  it('only a 988 contact may come in without a location', () => {
    expect(contactIssues({ entryPoint: '911', channel: 'call', location: undefined }).map((i) => [i.field, i.rule])).toEqual([['location', 'required']]);
    expect(contactIssues({ entryPoint: 'direct', channel: 'call', location: undefined }).map((i) => i.rule)).toEqual(['required']);
  });

  it('reads a location’s accuracy', () => {
    expect(accuracyOf(UNKNOWN_LOCATION)).toBe('unknown');
    expect(accuracyOf({ address: 'Rantoul', lat: 40.3, lon: -88.1, accuracy: 'approximate' })).toBe('approximate');
    expect(accuracyOf({ address: '1 Main St', lat: 40.3, lon: -88.1 })).toBe('exact');
  });

  it('a language need is a non-English tag', () => {
    expect(languageNeed('ES')).toBe('es');
    expect(languageNeed('en-US')).toBeNull();
    expect(languageNeed(undefined)).toBeNull();
  });
});
