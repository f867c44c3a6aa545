import type { CoreContext } from '../../coreContext.js';
import type { Handlers } from '../dispatch.js';
import { EBB_VERSION } from '../../version.js';

export function appHandlers(
  ctx: CoreContext,
  host: 'electron' | 'http' | 'cli',
): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => ({ version: EBB_VERSION, home: ctx.home, host }),
  };
}
