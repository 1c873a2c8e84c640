// `npm start`: runs `streampulse serve` (with any arguments given) with glibc's malloc limited to
// two arenas. The storage threads and the main thread allocate and free a lot; with one arena per
// thread, as glibc makes by default, the freed memory is not reused across them and the server's
// memory creeps up for minutes. Elsewhere (macOS, Windows, musl) the variable means nothing.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const child = spawn(process.execPath, [cli, 'serve', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { MALLOC_ARENA_MAX: '2', ...process.env },
});
// Ctrl+C reaches the whole process group, the server included: wait for it to stop. A SIGTERM sent
// to this process alone is passed on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
