import fs from 'node:fs';
import path from 'node:path';
import { EbbError } from '../errors.js';

/** True when `child` is `parent` or below it (both absolute). */
const isWithin = (parent: string, child: string): boolean => {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/** The path with every symlink resolved, as far as it exists (the rest kept as written). */
function realPath(target: string): string {
  const missing: string[] = [];
  let at = target;
  for (;;) {
    try {
      return path.join(fs.realpathSync(at), ...missing.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return target;
      missing.push(path.basename(at));
      at = parent;
    }
  }
}

/**
 * The models folder `ebb.yml` names (`models: …`), which must be inside the project folder:
 * import reads every .sql file below it into the store and export and saves write files there,
 * so a cloned project whose `ebb.yml` says `models: ../..` (or whose models folder is a symlink
 * out) would have Ebb read and write outside the folder the analyst chose.
 */
export function modelsFolderIn(dir: string, models: string, settingsFile: string): string {
  const modelsDir = path.resolve(dir, models);
  if (!isWithin(dir, modelsDir) || !isWithin(realPath(dir), realPath(modelsDir))) {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `${settingsFile} says \`models: ${models}\`, a folder outside the project folder ${dir}: ` +
        'name a folder inside it (e.g. `models: models`).',
    );
  }
  return modelsDir;
}
