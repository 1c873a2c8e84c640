import { runProfileStoreContract } from '../../../src/store/profile-store.contract.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir> | undefined;

runProfileStoreContract({
  name: 'sqlite',
  create(sessionGapMs) {
    temp = makeTempDir();
    return Promise.resolve(new SqliteEngine({ dataDir: temp.dir, sync: 'normal', sessionGapMs }));
  },
  reopen(sessionGapMs) {
    return Promise.resolve(new SqliteEngine({ dataDir: temp!.dir, sync: 'normal', sessionGapMs }));
  },
  cleanup() {
    temp?.remove();
    return Promise.resolve();
  },
});
