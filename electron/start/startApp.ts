import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { startBrowserMode } from '../http/startBrowserMode.js';
import { openAppWindow } from '../openAppWindow.js';
import { defaultHome, projectRoot } from '../paths.js';
import { obtainElectronBinary } from './electronBinary.js';

/**
 * `npm start`: build, then the Electron window when its binary is present or obtainable, else the
 * same app in browser mode on 127.0.0.1 (in a Chromium app window when one is installed).
 */
function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(`--${name}`);
  if (index >= 0) return argv[index + 1];
  return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`ebb: \`${command} ${args.join(' ')}\` failed; see the output above.`);
    process.exit(1);
  }
}

const argv = process.argv.slice(2);
const root = projectRoot();
const home = path.resolve(option(argv, 'home') ?? defaultHome());
const portText = option(argv, 'port');
const port = portText === undefined ? undefined : Number(portText);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
  console.error(`ebb: --port must be a port number, got "${portText}".`);
  process.exit(2);
}

if (!argv.includes('--no-build')) run('npm', ['run', '--silent', 'build'], root);

const electron = argv.includes('--browser')
  ? { reason: 'browser mode was asked for' }
  : obtainElectronBinary(root);
if ('binary' in electron) {
  // Native modules are built for Node by `npm ci`; Electron needs them rebuilt for its own ABI.
  run('npx', ['electron-builder', 'install-app-deps'], root);
  console.log(
    'Starting Ebb in Electron. (Run `npm rebuild better-sqlite3` before `npm test` afterwards.)',
  );
  const child = spawn(electron.binary, [root], {
    stdio: 'inherit',
    env: { ...process.env, EBB_HOME: home },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron is not available: ${electron.reason}. Starting Ebb in browser mode.`);
  const mode = await startBrowserMode({
    home,
    port,
    role: `npm start, browser mode (pid ${process.pid})`,
  }).catch((error: unknown) => {
    // A port in use, a locked or unsafe home: the message names the fix; a stack trace would not.
    console.error(`ebb: ${(error as Error)?.message ?? String(error)}`);
    process.exit(1);
  });
  console.log(`Ebb is running on 127.0.0.1 with its data in ${home}.`);
  console.log(`URL: ${mode.url}`);
  if (openAppWindow(mode.url, home)) console.log('Opened it in a Chromium app window.');
  else console.log('Open the URL above in your browser. Press Ctrl+C to stop.');
  const stop = async () => {
    await mode.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
