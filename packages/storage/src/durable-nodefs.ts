import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * What PGlite 0.5 does to a data folder on Node, measured with strace (ADR 0024): PostgreSQL
 * writes its WAL at each commit straight to the real file, but never asks the kernel to keep it.
 * Its default start parameters carry `-F` (fsync off), and even with fsync on the Emscripten
 * glue swallows the call: `fdatasync` returns 0 without touching the file, and `fsync` goes to
 * the mounted file system's `stream_ops.fsync`, which NODEFS does not have. A commit thus
 * survives a killed process (the bytes are in the kernel) but not a power cut or a kernel crash.
 *
 * The durable embedded database closes both gaps: NODEFS learns fsync (Node's `fs.fsyncSync`
 * on the real descriptor), PostgreSQL starts without `-F`, and the WAL is synced with plain
 * `fsync` (the glue's `fdatasync` would stay a no-op). PostgreSQL then does what it does on a
 * server: one fsync of the WAL segment per commit, data files and pg_control at checkpoints.
 */
export class SyncingNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const result = await super.init(pg, opts);
    const preRun = result.emscriptenOpts.preRun ?? [];
    result.emscriptenOpts.preRun = [
      (mod: { NODEFS: { stream_ops: Record<string, unknown> } }) => {
        // Every NODEFS node shares this one table, so the folder's files all gain the sync.
        mod.NODEFS.stream_ops.fsync = (stream: { nfd: number }) => {
          fs.fsyncSync(stream.nfd);
          return 0;
        };
      },
      ...(Array.isArray(preRun) ? preRun : [preRun]),
    ] as typeof preRun;
    return result;
  }
}

/** PGlite's own start parameters, with fsync on and a WAL sync method the glue carries out. */
export const durableStartParams = (): string[] => [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  '-c',
  'wal_sync_method=fsync',
];
