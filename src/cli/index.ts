#!/usr/bin/env node
import { Command } from 'commander';
import { readVersion } from '../main.js';
import { registerBackupCommands } from './backup.command.js';
import { formatCliError } from './cli-error.js';
import { registerExportCommand } from './export.command.js';
import { registerMaintenanceCommands } from './maintenance.command.js';
import { registerOptimizeCommand } from './optimize.command.js';
import { registerRecordCommand } from './record.command.js';
import { registerRetentionCommand } from './retention.command.js';
import { registerServeCommand } from './serve.command.js';
import { registerSourceCommands } from './source.command.js';
import { registerUserCommands } from './user.command.js';
import { registerVoidCommand } from './void.command.js';

const program = new Command('streampulse')
  .description('Self-hosted live-stream analytics server')
  .version(readVersion())
  .showHelpAfterError();

registerServeCommand(program);
registerSourceCommands(program);
registerRecordCommand(program);
registerMaintenanceCommands(program);
registerBackupCommands(program);
registerOptimizeCommand(program);
registerVoidCommand(program);
registerRetentionCommand(program);
registerExportCommand(program);
registerUserCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`${formatCliError(err)}\n`);
  process.exitCode = 1;
});
