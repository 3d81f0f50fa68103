import { mkdir, writeFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { MIGRATIONS_DIR, migrate, openDatabase } from '@continuum/storage';
import type { TestProject } from 'vitest/node';

/**
 * Creating a PGlite database takes seconds; loading a dump of one takes a fraction. So the
 * migrated database is made once per migration set and every test file starts from a copy.
 */
export default async function setup(project: TestProject): Promise<void> {
  const files = (await readdir(MIGRATIONS_DIR)).sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(await readFile(`${MIGRATIONS_DIR}/${f}`));
  const path = `${process.cwd()}/.tmp/pglite-template-${hash.digest('hex').slice(0, 16)}.tar`;
  const exists = await stat(path).then(() => true, () => false);
  if (!exists) {
    await mkdir(`${process.cwd()}/.tmp`, { recursive: true });
    const database = await openDatabase({ memory: true });
    await migrate(database);
    const dump = await database.dump!();
    await writeFile(path, Buffer.from(await dump.arrayBuffer()));
    await database.close();
  }
  project.provide('pgliteTemplate', path);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
