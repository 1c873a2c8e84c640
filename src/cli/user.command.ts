import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { createServices, type Services } from '../main.js';
import type { User } from '../store/ports.js';
import { addConfigOptions, configOverrides } from './config-options.js';
import { readPassword } from './read-password.js';

type Options = Record<string, unknown> & { admin?: boolean };

/**
 * `streampulse user create|list|reset-password|disable|enable`: users managed on the data
 * directory or database itself, so a locked-out owner gets back in. Passwords are asked for (not
 * echoed) or read from standard input's first line.
 */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Manage the users who log in to the dashboard and API');
  command(user, 'create <name>', 'Create a user (asks for the password)')
    .option('--admin', 'a server admin, who creates users and profiles')
    .action(
      withServices(async (services, name: string, options: Options) => {
        const created = await services.accounts.createUser({
          name,
          password: await readPassword('password'),
          isAdmin: options.admin === true,
        });
        process.stdout.write(`created ${describe(created)}\n`);
      }),
    );
  command(user, 'list', 'List the users').action(
    withServices(async (services) => {
      const users = await services.accounts.listUsers();
      process.stdout.write(
        users.length === 0 ? 'no users yet\n' : users.map((u) => `${describe(u)}\n`).join(''),
      );
    }),
  );
  command(user, 'reset-password <name>', "Set a user's password (asks for it) and end their logins").action(
    withServices(async (services, name: string) => {
      const updated = await services.accounts.resetPassword(name, await readPassword('new password'));
      process.stdout.write(`password of ${updated.name} set; every login of theirs ended\n`);
    }),
  );
  command(user, 'disable <name>', 'Stop a user from logging in and end their logins').action(
    withServices(async (services, name: string) => {
      const updated = await services.accounts.setDisabled(name, true);
      process.stdout.write(`${updated.name} disabled\n`);
    }),
  );
  command(user, 'enable <name>', 'Let a disabled user log in again').action(
    withServices(async (services, name: string) => {
      const updated = await services.accounts.setDisabled(name, false);
      process.stdout.write(`${updated.name} enabled\n`);
    }),
  );
}

function command(parent: Command, spec: string, description: string): Command {
  return addConfigOptions(parent.command(spec).description(description));
}

/** Runs `fn` over services on the configured storage, closing them after. */
function withServices<A extends unknown[]>(fn: (services: Services, ...args: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    const options = args.find((a): a is Options => typeof a === 'object' && a !== null && !Array.isArray(a));
    const services = createServices(loadConfig(configOverrides(options ?? {})), createLogger('warn'));
    try {
      await fn(services, ...args);
    } finally {
      await services.close();
    }
  };
}

function describe(u: User): string {
  const flags = [u.is_admin ? 'admin' : '', u.disabled ? 'disabled' : ''].filter(Boolean);
  return `${u.name} (${u.id})${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}`;
}
