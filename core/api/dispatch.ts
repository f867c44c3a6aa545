import { z } from 'zod';
import {
  contract,
  type ApiResponse,
  type CallArgs,
  type CallName,
  type CallOutput,
} from './contract.js';
import { EbbError } from '../errors.js';
import { argumentShapeProblem } from './argumentShape.js';

export type Handlers = {
  [N in CallName]: (arg: CallArgs<N>) => Promise<CallOutput<N>> | CallOutput<N>;
};

export type Dispatch = (name: string, arg: unknown) => Promise<ApiResponse>;

function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** `{}` as zod's strict empty object answers it: a plain object with no key of its own. */
function isEmptyObject(arg: unknown): boolean {
  return (
    typeof arg === 'object' &&
    arg !== null &&
    Object.getPrototypeOf(arg) === Object.prototype &&
    Reflect.ownKeys(arg).length === 0
  );
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

/**
 * One entry point for every host: validates the argument against the contract, runs the
 * handler and answers `{ok,data}` or `{ok:false,error}`. Unexpected errors are reported as
 * INTERNAL without their stack.
 */
export function createDispatch(
  handlers: Handlers,
  onUnexpected?: (error: unknown) => void,
): Dispatch {
  return async (name, arg) => {
    if (!isCallName(name)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_CALL', message: `There is no API call "${name}".` },
      };
    }
    const shapeProblem = argumentShapeProblem(arg);
    if (shapeProblem) {
      return {
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: `${name}: ${shapeProblem}` },
      };
    }
    const parsed =
      contract[name].takesNothing && isEmptyObject(arg ?? {})
        ? ({ success: true, data: {} } as const)
        : contract[name].input.safeParse(arg ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: `${name}: ${describeIssues(parsed.error)}` },
      };
    }
    try {
      const handler = handlers[name] as (a: unknown) => Promise<unknown>;
      const data = await handler(parsed.data);
      return { ok: true, data };
    } catch (error) {
      if (error instanceof EbbError) {
        return { ok: false, error: { code: error.code, message: error.message } };
      }
      onUnexpected?.(error);
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: `Ebb hit an unexpected error in ${name}: ${(error as Error)?.message ?? String(error)}`,
        },
      };
    }
  };
}
