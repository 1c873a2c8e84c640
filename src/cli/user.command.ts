import { userInfo } from 'node:os';
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
        await audited(services, 'user.create', { name: created.name, is_admin: created.is_admin });
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
      await audited(services, 'user.reset-password', { name: updated.name });
      process.stdout.write(`password of ${updated.name} set; every login of theirs ended\n`);
    }),
  );
  command(user, 'disable <name>', 'Stop a user from logging in and end their logins').action(
    withServices(async (services, name: string) => {
      const updated = await services.accounts.setDisabled(name, true);
      await audited(services, 'user.disable', { name: updated.name });
      process.stdout.write(`${updated.name} disabled\n`);
    }),
  );
  command(user, 'enable <name>', 'Let a disabled user log in again').action(
    withServices(async (services, name: string) => {
      const updated = await services.accounts.setDisabled(name, false);
      await audited(services, 'user.enable', { name: updated.name });
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

/** Records a change made from the command line, under the name of the system user who ran it. */
function audited(services: Services, action: string, details: Record<string, unknown>): Promise<void> {
  let osUser: string | null = null;
  try {
    osUser = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the entry names no one.
  }
  return services.audit.record({
    actor: { kind: 'cli', id: null, name: osUser },
    address: 'cli',
    profile: null,
    action,
    details,
    status: 0,
  });
}

function describe(u: User): string {
  const flags = [u.is_admin ? 'admin' : '', u.disabled ? 'disabled' : ''].filter(Boolean);
  return `${u.name} (${u.id})${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}`;
}
