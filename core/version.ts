/** Kept equal to package.json's version by a unit test. */
export const EBB_VERSION = '0.1.0';
