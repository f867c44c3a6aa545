import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { EbbError } from '../errors.js';
import type { CoreContext } from '../coreContext.js';
import type { ModelRow } from '../store/modelsRepo.js';
import {
  hashModel,
  hashText,
  ModelFileError,
  parseModelFile,
  renderModelFile,
  type ModelFileContent,
} from './modelFile.js';
import { makeProjectFolder } from './makeProjectFolder.js';
import { modelsFolderIn } from './modelsFolder.js';
import type { ModelFileState, ProjectModel, ProjectResult } from './types.js';

export type { ModelFileState, ProjectModel, ProjectResult };

/**
 * A project folder: `ebb.yml` plus `models/*.sql` (modelFile.ts), versioned in git. Importing or
 * exporting links each model to its file; from then on the file and the app's copy are kept in
 * step: a change on one side is carried to the other (outside changes at the next look, app
 * changes on save), a change on both is a conflict, shown until the analyst picks a side.
 */
type Ctx = Pick<CoreContext, 'db' | 'models' | 'warehouses' | 'emit'>;

export const PROJECT_FILE = 'ebb.yml';
const PROJECT_SETTING = 'project.dir';

interface OnDisk {
  text: string;
  yaml: string | null;
  hash: string;
}

const siblingYaml = (file: string) => file.replace(/\.sql$/i, '.yml');

function readOnDisk(file: string): OnDisk | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let yaml: string | null = null;
  try {
    yaml = fs.readFileSync(siblingYaml(file), 'utf8');
  } catch {
    yaml = null;
  }
  const usesYaml = yaml !== null && !text.replace(/^\uFEFF/, '').startsWith('/*---');
  return {
    text,
    yaml: usesYaml ? yaml : null,
    hash: hashText(`${text}\0${usesYaml ? yaml : ''}`),
  };
}

/** Writes the model's file in the form it already has (header, or sibling .yml), atomically. */
function writeOnDisk(file: string, content: ModelFileContent, current: OnDisk | null): OnDisk {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const put = (target: string, text: string) => {
    const temp = `${target}.ebb-${process.pid}.tmp`;
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, target);
  };
  if (current?.yaml !== null && current?.yaml !== undefined) {
    const { sql, ...rest } = content;
    const keys: Record<string, string> = { name: rest.name };
    if (rest.warehouse) keys.warehouse = rest.warehouse;
    keys.id = rest.idColumn;
    if (rest.timestampColumn) keys.timestamp = rest.timestampColumn;
    if (rest.description) keys.description = rest.description;
    put(siblingYaml(file), stringify(keys, { lineWidth: 0 }));
    put(file, `${sql.replace(/\n+$/, '')}\n`);
  } else {
    put(file, renderModelFile(content));
  }
  const written = readOnDisk(file);
  if (!written)
    throw new EbbError('PERMISSION_DENIED', `Cannot read back ${file} after writing it.`);
  return written;
}

export function projectFiles(ctx: Ctx) {
  const contentOf = (row: ModelRow): ModelFileContent => ({
    name: row.name,
    warehouse: ctx.warehouses.find(row.warehouseId)?.name ?? null,
    idColumn: row.idColumn,
    timestampColumn: row.timestampColumn,
    description: row.description,
    sql: row.sql,
  });

  const parseFile = (file: string, disk: OnDisk): ModelFileContent =>
    parseModelFile(disk.text, path.basename(file).replace(/\.sql$/i, ''), disk.yaml);

  const link = (row: ModelRow, file: string, disk: OnDisk) =>
    ctx.models.setOrigin(row.id, {
      kind: 'file',
      ref: file,
      fileHash: disk.hash,
      syncedHash: hashModel(contentOf(ctx.models.get(row.id))),
    });

  /** The model's fields from a file's content (the warehouse by name, else the default). */
  const fieldsFrom = (content: ModelFileContent, defaultWarehouse: string | null) => {
    const warehouseName = content.warehouse ?? defaultWarehouse;
    if (!warehouseName) {
      throw new ModelFileError(
        'no warehouse: add `warehouse: NAME` to its header (or `warehouse:` to ebb.yml)',
      );
    }
    const warehouse = ctx.warehouses.find(warehouseName);
    if (!warehouse) {
      throw new ModelFileError(
        `the warehouse "${warehouseName}" is not configured here: add it (ebb warehouse add) or change the header`,
      );
    }
    return {
      name: content.name,
      warehouseId: warehouse.id,
      sql: content.sql,
      idColumn: content.idColumn,
      timestampColumn: content.timestampColumn,
      description: content.description,
    };
  };

  const projectDir = (): string | null =>
    (
      ctx.db.prepare('select value from settings where key = ?').get(PROJECT_SETTING) as
        { value: string } | undefined
    )?.value ?? null;

  const setProjectDir = (dir: string) =>
    ctx.db
      .prepare(
        'insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
      )
      .run(PROJECT_SETTING, dir);

  function readProjectSettings(dir: string): { modelsDir: string; warehouse: string | null } {
    const file = path.join(dir, PROJECT_FILE);
    let raw: unknown;
    try {
      raw = parse(fs.readFileSync(file, 'utf8')) ?? {};
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new EbbError(
        code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_ARGUMENT',
        code === 'ENOENT'
          ? `${dir} has no ${PROJECT_FILE}: it is not an Ebb project folder (\`ebb project export ${dir}\` makes one).`
          : `${file} does not parse: ${(error as Error).message}`,
      );
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new EbbError(
        'INVALID_ARGUMENT',
        `${file} is not a YAML mapping: write keys such as \`models: models\` and \`warehouse: NAME\`.`,
      );
    }
    const settings = raw as Record<string, unknown>;
    // A mistyped key is said, not dropped: `models: 42` read the default folder, `warehouse:
    // [a]` no default warehouse, and every model then looked broken for another reason.
    for (const [key, means] of [
      ['models', 'the models folder, a path'],
      ['warehouse', 'the default warehouse, a name'],
    ] as const) {
      const value = settings[key];
      if (value != null && (typeof value !== 'string' || !value.trim())) {
        throw new EbbError(
          'INVALID_ARGUMENT',
          `${file}: \`${key}:\` is ${means}; got ${JSON.stringify(value)}.`,
        );
      }
    }
    const models = typeof settings.models === 'string' ? settings.models : 'models';
    return {
      modelsDir: modelsFolderIn(dir, models, file),
      warehouse: typeof settings.warehouse === 'string' ? settings.warehouse : null,
    };
  }

  function sqlFilesIn(dir: string): string[] {
    const found: string[] = [];
    const walk = (at: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(at, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = path.join(at, entry.name);
        if (entry.isDirectory() && !entry.name.startsWith('.')) walk(full);
        else if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql')) found.push(full);
      }
    };
    walk(dir);
    return found.sort();
  }

  /**
   * Where a model of the same name comes from when that is not `file`: another file still there,
   * or a dbt node. Such a model is never taken over by a second file (a copy, a teammate's new
   * file): only a file moved from the old path (gone now) or a model made in the app is linked.
   */
  function sourceElsewhere(row: ModelRow, file: string): string | null {
    const origin = row.origin;
    if (origin?.kind === 'dbt') return `the dbt model ${origin.ref}`;
    if (origin?.kind === 'file' && origin.ref !== file && fs.existsSync(origin.ref))
      return origin.ref;
    return null;
  }

  /** Brings one file into the store: adds, updates or links its model. */
  function importFile(file: string, defaultWarehouse: string | null): ProjectModel {
    const disk = readOnDisk(file);
    const fallback = path.basename(file).replace(/\.sql$/i, '');
    if (!disk) return { name: fallback, path: file, action: 'invalid', message: 'cannot read it' };
    let fields: ReturnType<typeof fieldsFrom>;
    try {
      fields = fieldsFrom(parseFile(file, disk), defaultWarehouse);
    } catch (error) {
      if (!(error instanceof ModelFileError)) throw error;
      return { name: fallback, path: file, action: 'invalid', message: error.message };
    }
    const linked = ctx.models.byOrigin('file', file);
    const existing = linked ?? ctx.models.find(fields.name);
    const owner = !linked && existing ? sourceElsewhere(existing, file) : null;
    if (owner) {
      return {
        name: fields.name,
        path: file,
        action: 'invalid',
        message: `the model "${fields.name}" already comes from ${owner}: give this file's model another name (\`name:\` in its header or .yml)`,
      };
    }
    if (existing && linked && existing.origin?.fileHash === disk.hash) {
      return { name: existing.name, path: file, action: 'unchanged' };
    }
    if (existing && linked && hashModel(contentOf(existing)) !== existing.origin?.syncedHash) {
      // Changed in the app since it was last in step, and the file changed too.
      return {
        name: existing.name,
        path: file,
        action: 'conflict',
        message: 'changed in the app and in the file: pick a side',
      };
    }
    let row: ModelRow;
    try {
      row = existing ? ctx.models.update(existing.id, fields) : ctx.models.add(fields);
    } catch (error) {
      // One file's problem (its header renames it to a name taken) is that file's, not the import's.
      if (!(error instanceof EbbError)) throw error;
      return { name: fields.name, path: file, action: 'invalid', message: error.message };
    }
    link(row, file, disk);
    return { name: row.name, path: file, action: existing ? 'updated' : 'added' };
  }

  function importProject(dirArg: string): ProjectResult {
    const dir = path.resolve(dirArg);
    const settings = readProjectSettings(dir);
    const models = ctx.db.transaction(() => {
      const results = sqlFilesIn(settings.modelsDir).map((file) =>
        importFile(file, settings.warehouse),
      );
      setProjectDir(dir);
      return results;
    })();
    ctx.emit({ name: 'store.changed', payload: { domain: 'models' } });
    return { dir, models };
  }

  const fileName = (name: string) => `${name.replace(/[^A-Za-z0-9_.-]+/g, '_') || 'model'}.sql`;

  function exportProject(dirArg: string): ProjectResult {
    const dir = path.resolve(dirArg);
    const settingsFile = path.join(dir, PROJECT_FILE);
    makeProjectFolder(dir);
    if (!fs.existsSync(settingsFile)) {
      fs.writeFileSync(
        settingsFile,
        `# An Ebb project: models as files (ebb project import ${path.basename(dir)}).\nversion: 1\nmodels: models\n`,
      );
    }
    const settings = readProjectSettings(dir);
    // Outside changes to files already linked are taken in first, so an export never undoes them.
    const states = refresh();
    const models: ProjectModel[] = [];
    const used = new Set<string>();
    for (const row of ctx.models.list()) {
      if (row.origin?.kind === 'dbt') {
        // Its source is the dbt project: a file here would unlink it from its dbt node.
        models.push({
          name: row.name,
          path: '',
          action: 'skipped',
          message: `comes from the dbt model ${row.origin.ref}; \`ebb dbt import\` keeps it up to date`,
        });
        continue;
      }
      const linkedHere =
        row.origin?.kind === 'file' && row.origin.ref.startsWith(settings.modelsDir + path.sep);
      let file = linkedHere ? row.origin!.ref : path.join(settings.modelsDir, fileName(row.name));
      for (let n = 2; used.has(file); n++)
        file = path.join(settings.modelsDir, fileName(`${row.name}_${n}`));
      used.add(file);
      const state = states.get(row.id);
      // A file deleted outside is written again (nothing there to overwrite); an outside edit
      // not taken in (a conflict, or a file that does not parse) is never overwritten.
      if (linkedHere && state && state.status !== 'synced' && state.status !== 'missing') {
        models.push({ name: row.name, path: file, action: 'conflict', message: state.message });
        continue;
      }
      const disk = writeOnDisk(file, contentOf(row), readOnDisk(file));
      link(row, file, disk);
      models.push({ name: row.name, path: file, action: 'written' });
    }
    setProjectDir(dir);
    ctx.emit({ name: 'store.changed', payload: { domain: 'models' } });
    return { dir, models };
  }

  /**
   * Compares every file-backed model with its file: an outside change (a `git pull`) is taken in,
   * an app change not yet written is written, a change on both sides is left as a conflict. New
   * files in the project folder become models. Answers each file-backed model's state.
   */
  function refresh(): Map<string, ModelFileState> {
    const states = new Map<string, ModelFileState>();
    let changed = false;
    const { defaultWarehouse, modelsDir } = openProject();
    for (const row of ctx.models.list()) {
      if (row.origin?.kind !== 'file') continue;
      const state = reconcile(row, defaultWarehouse);
      if (state.changed) changed = true;
      states.set(row.id, {
        status: state.status,
        ...(state.message ? { message: state.message } : {}),
      });
    }
    if (modelsDir) {
      for (const file of sqlFilesIn(modelsDir)) {
        if (ctx.models.byOrigin('file', file)) continue;
        const result = importFile(file, defaultWarehouse);
        if (result.action === 'added' || result.action === 'updated') {
          changed = true;
          const row = ctx.models.byOrigin('file', file);
          if (row) states.set(row.id, { status: 'synced' });
        }
      }
    }
    if (changed) ctx.emit({ name: 'store.changed', payload: { domain: 'models' } });
    return states;
  }

  /** The open project folder's default warehouse and models folder (null when unreadable). */
  function openProject(): { defaultWarehouse: string | null; modelsDir: string | null } {
    const dir = projectDir();
    if (!dir) return { defaultWarehouse: null, modelsDir: null };
    try {
      const { warehouse, modelsDir } = readProjectSettings(dir);
      return { defaultWarehouse: warehouse, modelsDir };
    } catch {
      return { defaultWarehouse: null, modelsDir: null };
    }
  }

  /**
   * Before a run, preview or test record: an outside change to this model's file (a `git pull`
   * on a server, where nothing lists the models) is taken in first, as the model list would.
   */
  function takeIn(modelId: string): void {
    const row = ctx.models.get(modelId);
    if (row.origin?.kind !== 'file') return;
    if (reconcile(row, openProject().defaultWarehouse).changed)
      ctx.emit({ name: 'store.changed', payload: { domain: 'models' } });
  }

  function reconcile(
    row: ModelRow,
    defaultWarehouse: string | null,
  ): ModelFileState & { changed: boolean } {
    const origin = row.origin!;
    const disk = readOnDisk(origin.ref);
    if (!disk) {
      return {
        status: 'missing',
        message: `${origin.ref} is gone (moved or deleted outside Ebb)`,
        changed: false,
      };
    }
    const appChanged = hashModel(contentOf(row)) !== origin.syncedHash;
    const fileChanged = disk.hash !== origin.fileHash;
    if (!fileChanged && !appChanged) return { status: 'synced', changed: false };
    if (!fileChanged) {
      // Saved in the app while the file could not be written: write it now.
      link(row, origin.ref, writeOnDisk(origin.ref, contentOf(row), disk));
      return { status: 'synced', changed: false };
    }
    let content: ModelFileContent;
    let fields: ReturnType<typeof fieldsFrom>;
    try {
      content = parseFile(origin.ref, disk);
      fields = fieldsFrom(content, defaultWarehouse);
    } catch (error) {
      if (!(error instanceof ModelFileError)) throw error;
      return { status: 'invalid', message: `${origin.ref}: ${error.message}`, changed: false };
    }
    if (!appChanged) {
      try {
        link(ctx.models.update(row.id, fields), origin.ref, disk);
      } catch (error) {
        return { status: 'invalid', message: (error as Error).message, changed: false };
      }
      return { status: 'synced', changed: true };
    }
    const fromFile = hashModel({ ...content, warehouse: content.warehouse ?? defaultWarehouse });
    if (fromFile === hashModel(contentOf(row))) {
      // Both sides made the same change.
      link(row, origin.ref, disk);
      return { status: 'synced', changed: false };
    }
    return {
      status: 'conflict',
      message: `Changed in the app and in ${path.basename(origin.ref)} since they were last in step.`,
      changed: false,
    };
  }

  /**
   * After the app saved a file-backed model: writes its file, unless the file changed outside
   * since they were last in step (then it is a conflict; the file is left as it is).
   */
  function writeBack(modelId: string): ModelFileState {
    const row = ctx.models.get(modelId);
    if (row.origin?.kind !== 'file') return { status: 'synced' };
    const disk = readOnDisk(row.origin.ref);
    if (disk && disk.hash !== row.origin.fileHash) {
      return {
        status: 'conflict',
        message: `${path.basename(row.origin.ref)} changed outside Ebb too: it was not overwritten.`,
      };
    }
    if (!disk) return { status: 'missing', message: `${row.origin.ref} is gone` };
    link(row, row.origin.ref, writeOnDisk(row.origin.ref, contentOf(row), disk));
    return { status: 'synced' };
  }

  /** Ends a conflict: keep the file's version (the app takes it) or the app's (written out). */
  function resolve(modelId: string, keep: 'file' | 'app'): ModelFileState {
    const row = ctx.models.get(modelId);
    if (row.origin?.kind !== 'file') {
      throw new EbbError('INVALID_ARGUMENT', `The model "${row.name}" is not backed by a file.`);
    }
    const file = row.origin.ref;
    const disk = readOnDisk(file);
    if (keep === 'app') {
      link(row, file, writeOnDisk(file, contentOf(row), disk));
    } else if (!disk) {
      ctx.models.setOrigin(row.id, null);
    } else {
      const dir = projectDir();
      const fields = (() => {
        try {
          return fieldsFrom(parseFile(file, disk), dir ? readProjectSettings(dir).warehouse : null);
        } catch (error) {
          if (error instanceof ModelFileError)
            throw new EbbError('INVALID_ARGUMENT', `${file}: ${error.message}`);
          throw error;
        }
      })();
      link(ctx.models.update(row.id, fields), file, disk);
    }
    ctx.emit({ name: 'store.changed', payload: { domain: 'models' } });
    return { status: 'synced' };
  }

  /** The file's content for a conflict view (null when the file is gone). */
  const fileText = (modelId: string): string | null => {
    const row = ctx.models.get(modelId);
    return row.origin?.kind === 'file' ? (readOnDisk(row.origin.ref)?.text ?? null) : null;
  };

  return {
    importProject,
    exportProject,
    refresh,
    takeIn,
    writeBack,
    resolve,
    fileText,
    projectDir,
  };
}

export type ProjectFiles = ReturnType<typeof projectFiles>;
