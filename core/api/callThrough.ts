import { asErrorCode, EbbError } from '../errors.js';
import type { CallInput, CallName, CallOutput } from './contract.js';
import type { Dispatch } from './dispatch.js';

/** One typed API call: answers the call's data, or throws its error. */
export type Call = <N extends CallName>(name: N, arg: CallInput<N>) => Promise<CallOutput<N>>;

/** Calls through a dispatcher, as every host does: the data, or the answer's error as an EbbError. */
export function callThrough(dispatch: Dispatch): Call {
  return async (name, arg) => {
    const answer = await dispatch(name, arg);
    if (!answer.ok) throw new EbbError(asErrorCode(answer.error.code), answer.error.message);
    return answer.data as never;
  };
}
