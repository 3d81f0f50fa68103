import { describe, expect, it } from 'vitest';
import { durabilityNote } from '../src/durability-note.ts';

describe('the start banner on durability', () => {
  it('says nothing when the embedded database syncs each commit (the default)', () => {
    expect(durabilityNote({ memory: false, embeddedFsync: true })).toEqual([]);
  });

  it('warns, naming the setting, when the embedded database on a folder does not sync', () => {
    const text = durabilityNote({ memory: false, embeddedFsync: false }).join('\n');
    expect(text).toContain('CONTINUUM_EMBEDDED_FSYNC=off');
    expect(text).toContain('power cut');
  });

  it('says nothing in memory or on PostgreSQL, where the setting does not apply', () => {
    expect(durabilityNote({ memory: true, embeddedFsync: false })).toEqual([]);
    expect(durabilityNote({ databaseUrl: 'postgres://db/continuum', memory: false, embeddedFsync: false })).toEqual([]);
  });
});
