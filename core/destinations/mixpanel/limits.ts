/** https://docs.mixpanel.com/reference/user-profile-limits: at most 2000 profile updates a request. */
export const MIXPANEL_UPDATES_PER_REQUEST = 2000;
/** Same page: each update at most 1 MB. */
export const MIXPANEL_BYTES_PER_UPDATE = 1024 * 1024;
/** https://docs.mixpanel.com/troubleshooting/errors/413-payload-too-large: 10 MB a request, uncompressed. */
export const MIXPANEL_BYTES_PER_REQUEST = 10 * 1024 * 1024;
