import { createInterface } from 'node:readline';

/**
 * A password from the terminal (asked twice, not echoed) or, when input is piped, its first line.
 * Throws naming the problem when the two entries differ or nothing was given.
 */
export async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const password = await firstLine();
    if (!password) throw new Error('no password on standard input (pipe it in, or run in a terminal)');
    return password;
  }
  const first = await askHidden(`${prompt}: `);
  const again = await askHidden(`${prompt} again: `);
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

/** Reads one line from the terminal in raw mode, echoing nothing of it. */
function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  let answer = '';
  return new Promise((resolve, reject) => {
    const done = (result: Error | string) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done(answer);
        if (char === '\u0003') return done(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    stdin.on('data', onData);
  });
}
