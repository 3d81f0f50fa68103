import type { Config } from '@continuum/server';

/**
 * The start banner's word on durability (ADR 0024). The embedded database syncs each commit by
 * default and then needs no word; turned off, the operator is told what that costs each time.
 */
export function durabilityNote(config: Pick<Config, 'databaseUrl' | 'memory' | 'embeddedFsync'>): string[] {
  if (config.databaseUrl || config.memory || config.embeddedFsync) return [];
  return [
    '',
    '  Commits are not synced to the disk (CONTINUUM_EMBEDDED_FSYNC=off): a power cut or a',
    '  kernel crash may lose the last acknowledged calls. Unset it to keep every one.',
  ];
}
