import type { CoreContext } from '../../coreContext.js';
import { importManifest } from '../../dbt/importManifest.js';
import { projectFiles } from '../../project/projectFolder.js';
import type { Handlers } from '../dispatch.js';

type ProjectHandlers = Pick<
  Handlers,
  | 'project.export'
  | 'project.import'
  | 'project.get'
  | 'models.fileText'
  | 'models.resolveConflict'
  | 'dbt.import'
>;

/** Models as files (a project folder in git) and models from dbt. */
export function projectHandlers(
  ctx: CoreContext,
  modelSummary: (ref: string) => Promise<Awaited<ReturnType<Handlers['models.list']>>[number]>,
): ProjectHandlers {
  const files = projectFiles(ctx);
  return {
    'project.export': (arg) => files.exportProject(arg.dir),
    'project.import': (arg) => files.importProject(arg.dir),
    'project.get': () => ({ dir: files.projectDir() }),
    'models.fileText': (arg) => ({ text: files.fileText(ctx.models.get(arg.model).id) }),
    'models.resolveConflict': async (arg) => {
      const row = ctx.models.get(arg.model);
      files.resolve(row.id, arg.keep);
      return modelSummary(row.id);
    },
    'dbt.import': (arg) => importManifest(ctx, arg.manifest, arg.warehouse),
  };
}
