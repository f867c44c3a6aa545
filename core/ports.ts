/**
 * What the engine needs from its host. Electron implements these with safeStorage and app paths;
 * the CLI and browser mode with files in the home folder.
 */
export interface SecretStore {
  /** Encrypts a secret for storage at rest. */
  seal(plain: string): string;
  /** Decrypts what seal() produced. */
  open(sealed: string): string;
}

/** The clock for billing cycles and schedules; EBB_NOW overrides it in simulations and tests. */
export type Clock = () => Date;

export const systemClock: Clock = () => {
  const fixed = process.env.EBB_NOW;
  return fixed ? new Date(fixed) : new Date();
};
