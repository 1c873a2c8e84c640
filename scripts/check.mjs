// `npm run check`: lint and typecheck side by side (each keeps one core busy for most of a
// minute), then every test. Fails if any of them fails.
import { spawn } from 'node:child_process';

/** Runs `npm run <script>` with the npm that runs this one, and resolves with its exit code. */
function run(script) {
  const npm = process.env.npm_execpath;
  const [command, args] = npm ? [process.execPath, [npm, 'run', script]] : ['npm', ['run', script]];
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

const [lint, types] = await Promise.all([run('lint'), run('typecheck')]);
if (lint !== 0 || types !== 0) {
  process.stderr.write(
    `check: ${lint !== 0 ? 'lint' : ''}${lint !== 0 && types !== 0 ? ' and ' : ''}${types !== 0 ? 'typecheck' : ''} failed\n`,
  );
  process.exit(1);
}
process.exit(await run('test'));
