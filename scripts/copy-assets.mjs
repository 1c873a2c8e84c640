// Copies the SQL migrations next to the compiled store code (tsc copies only .ts output). The
// targets are emptied first, so a migration renamed or removed in the sources is gone here too.
import { cpSync, rmSync } from 'node:fs';

for (const engine of ['sqlite', 'postgres']) {
  const target = `dist/store/${engine}/migrations`;
  rmSync(target, { recursive: true, force: true });
  cpSync(`src/store/${engine}/migrations`, target, { recursive: true });
}
