#!/usr/bin/env node
/** @module The `wegate` command: serve, emulator. */
import { isWeChatError } from './kernel/errors/index.js';
import { main } from './server/main.js';
import { VERSION } from './server/version.js';

const USAGE = `usage: wegate <command>

commands:
  serve      run the server (PORT, default 8080); sandbox mode when no credentials are configured
  emulator   run the WeChat emulator alone (PORT, default 8081)
  keys rotate  re-encrypt protected fields under the newest WEGATE_FIELD_KEYS version
  audit verify check the audit log's hash chain; names the first record that was changed or removed
  version    print the version`;

async function run(argv: string[]): Promise<void> {
  const [command] = argv;
  switch (command) {
    case 'serve':
      await main({ handleSignals: true });
      return;
    case 'emulator': {
      const { runEmulatorCommand } = await import('./cli/emulator-command.js');
      await runEmulatorCommand(process.env);
      return;
    }
    case 'keys': {
      const { runKeysCommand } = await import('./cli/keys-command.js');
      await runKeysCommand(argv.slice(1), process.env);
      return;
    }
    case 'audit': {
      const { runAuditCommand } = await import('./cli/audit-command.js');
      await runAuditCommand(argv.slice(1), process.env);
      return;
    }
    case 'version':
    case '--version':
      console.log(VERSION);
      return;
    case undefined:
    case 'help':
    case '--help':
      console.log(USAGE);
      return;
    default:
      console.error(`wegate: unknown command "${command}"\n${USAGE}`);
      process.exit(2);
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  // One clear line: configuration and connection problems name the setting; no stack trace.
  const message = isWeChatError(error)
    ? error.message
    : error instanceof Error
      ? error.message
      : String(error);
  console.error(`wegate: ${message.replace(/\s*\n\s*/g, ' ')}`);
  process.exit(1);
});
