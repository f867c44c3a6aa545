/**
 * Which process runs a run, beyond its pid (processIdentity: boot and start time), so a run left
 * 'running' by a crash is not taken for live when its pid is reused after a reboot.
 */
export const sql = /* sql */ `
alter table runs add column process text;
`;
