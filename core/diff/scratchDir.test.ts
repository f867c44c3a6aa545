import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { tempHome } from '../testing/tempHome.js';
import { makeScratchDir, sweepScratchDirs, UNOWNED_AFTER_MS } from './scratchDir.js';

/**
 * Another process makes a scratch folder with a file in it, as a delivery does, and is
 * SIGKILLed: its folder is left behind. Answers the folder and the dead process's pid.
 */
async function killedWithScratch(root: string, kind: 'ebb-staged' | 'ebb-lines') {
  const script = `
    import fs from 'node:fs';
    import path from 'node:path';
    const { makeScratchDir } = await import(${JSON.stringify(path.resolve('core/diff/scratchDir.ts'))});
    const dir = await makeScratchDir(${JSON.stringify(kind)}, ${JSON.stringify(root)});
    fs.writeFileSync(path.join(dir, 'changes-0.txt'), 'new\\u001f1\\u001f{}\\n'.repeat(1000));
    process.stdout.write(dir + '\\n');
    setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: path.resolve('.'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const dir = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.endsWith('\n')) resolve(output.trim());
    });
    void exited.then(() => reject(new Error(`the child exited first: ${output}`)));
  });
  child.kill('SIGKILL');
  await exited;
  return { dir, pid: child.pid! };
}

test("a SIGKILLed process's scratch folders are removed, a live process's stay", async () => {
  const { home: root, cleanup } = tempHome('ebb-scratch-root-');
  try {
    const staged = await killedWithScratch(root, 'ebb-staged');
    expect(path.basename(staged.dir)).toMatch(new RegExp(`^ebb-staged-${staged.pid}-\\w{6}$`));
    expect(fs.readdirSync(staged.dir)).toEqual(['changes-0.txt']);
    // The next process to make one removes it (as the next Ebb started would).
    const lines = await killedWithScratch(root, 'ebb-lines');
    expect(fs.existsSync(staged.dir)).toBe(false);
    expect(fs.readdirSync(lines.dir)).toEqual(['changes-0.txt']);
    // This process's own, in use (another sync of this Ebb), and one without a pid (its owner
    // unknown) and a file of that name: none of them touched.
    const live = fs.mkdtempSync(path.join(root, `ebb-lines-${process.pid}-`));
    fs.writeFileSync(path.join(live, 'lines-0.jsonl'), '{}\n');
    const unknown = fs.mkdtempSync(path.join(root, 'ebb-lines-'));
    fs.writeFileSync(path.join(root, `ebb-staged-${staged.pid}-aaaaaa`), 'not a folder');

    const made = await makeScratchDir('ebb-staged', root);

    expect(fs.existsSync(lines.dir)).toBe(false);
    expect(fs.readdirSync(live)).toEqual(['lines-0.jsonl']);
    expect(fs.existsSync(unknown)).toBe(true);
    expect(fs.existsSync(path.join(root, `ebb-staged-${staged.pid}-aaaaaa`))).toBe(true);
    expect(path.basename(made)).toMatch(new RegExp(`^ebb-staged-${process.pid}-\\w{6}$`));
    // Nothing else is gone, and a second sweep finds nothing more.
    expect(await sweepScratchDirs(root)).toEqual([]);
    expect(fs.existsSync(made)).toBe(true);
  } finally {
    cleanup();
  }
});

test("another live process's scratch folder stays", async () => {
  const { home: root, cleanup } = tempHome('ebb-scratch-root-');
  const child = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], {
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const theirs = fs.mkdtempSync(path.join(root, `ebb-lines-${child.pid}-`));
    fs.writeFileSync(path.join(theirs, 'lines-0.jsonl'), '{}\n');
    expect(await sweepScratchDirs(root)).toEqual([]);
    expect(fs.readdirSync(theirs)).toEqual(['lines-0.jsonl']);
    child.kill('SIGKILL');
    await exited;
    expect(await sweepScratchDirs(root)).toEqual([theirs]);
    expect(fs.existsSync(theirs)).toBe(false);
  } finally {
    child.kill('SIGKILL');
    cleanup();
  }
});

test('a scratch folder without a pid (made before pids were) goes once untouched for a day', async () => {
  const { home: root, cleanup } = tempHome('ebb-scratch-root-');
  try {
    const now = Date.now();
    const aged = (name: string, ageMs: number) => {
      const dir = path.join(root, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'lines-0.jsonl'), '{}\n');
      const when = new Date(now - ageMs);
      fs.utimesSync(dir, when, when);
      return dir;
    };
    const hour = 60 * 60 * 1000;
    const killedLongAgo = aged('ebb-staged-Ab12Cd', 2 * UNOWNED_AFTER_MS);
    const linesLongAgo = aged('ebb-lines-xY34zW', UNOWNED_AFTER_MS + hour);
    const recent = aged('ebb-lines-Qq99Rr', hour);
    // Not a scratch folder's name, however old.
    const other = aged('ebb-staged-not-ours', 3 * UNOWNED_AFTER_MS);

    const removed = await sweepScratchDirs(root, now);

    expect(removed.sort()).toEqual([linesLongAgo, killedLongAgo].sort());
    expect(fs.existsSync(killedLongAgo)).toBe(false);
    expect(fs.existsSync(linesLongAgo)).toBe(false);
    expect(fs.readdirSync(recent)).toEqual(['lines-0.jsonl']);
    expect(fs.existsSync(other)).toBe(true);
  } finally {
    cleanup();
  }
});
