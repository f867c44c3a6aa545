import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy.js';

/**
 * The policy as the page itself carries it, in a <meta> every host's index.html gets at build
 * time. The desktop app loads the renderer from file://, whose responses Electron's docs say a
 * header set in webRequest.onHeadersReceived cannot reach
 * (https://www.electronjs.org/docs/latest/tutorial/security#csp-meta-tag); the meta holds
 * wherever the header does not. frame-ancestors is left out: a <meta> policy ignores it.
 */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors '))
  .join('; ');

/** A Vite plugin putting the policy first in <head>, before any script or style is met. */
export function contentSecurityPolicyMeta() {
  return {
    name: 'ebb-content-security-policy-meta',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend' as const,
      },
    ],
  };
}
