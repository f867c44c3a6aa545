import type { CallInput, CallName, CallOutput } from '../../../core/api/contract';
import type { Transport } from './transport';

/** An API error as the user should read it: the engine's code and its actionable message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Client = <N extends CallName>(name: N, arg: CallInput<N>) => Promise<CallOutput<N>>;

export function createClient(transport: Transport): Client {
  return async (name, arg) => {
    const answer = await transport.request(name, arg);
    if (!answer.ok) throw new ApiError(answer.error.code, answer.error.message);
    return answer.data as CallOutput<typeof name>;
  };
}
