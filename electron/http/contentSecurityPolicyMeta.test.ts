import type { HtmlTagDescriptor, Plugin, UserConfig } from 'vite';
import { expect, test } from 'vitest';
import viteConfig from '../../renderer/vite.config.js';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy.js';
import { META_CONTENT_SECURITY_POLICY } from './contentSecurityPolicyMeta.js';

/**
 * Issue 7.2: the desktop app loads the renderer from file://, where a policy set as a response
 * header may never arrive, so the built index.html must carry the policy itself, first in <head>.
 */
test("the renderer's build puts the Content-Security-Policy in index.html, ahead of everything", async () => {
  const plugins = ((viteConfig as UserConfig).plugins ?? []).flat() as Plugin[];
  const tags: HtmlTagDescriptor[] = [];
  for (const plugin of plugins) {
    const hook = plugin.transformIndexHtml;
    if (typeof hook !== 'function') continue;
    const out = (await (hook as (html: string) => unknown)(
      '<html><head></head></html>',
    )) as unknown;
    if (Array.isArray(out)) tags.push(...(out as HtmlTagDescriptor[]));
  }
  const meta = tags.find((tag) => tag.attrs?.['http-equiv'] === 'Content-Security-Policy');
  expect(meta, 'no Content-Security-Policy <meta> is injected').toBeDefined();
  expect(meta!.injectTo).toBe('head-prepend');
  expect(meta!.attrs!.content).toBe(META_CONTENT_SECURITY_POLICY);
});

test('the <meta> policy is the header policy but for frame-ancestors, which a <meta> ignores', () => {
  expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
  expect(`${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`).toBe(CONTENT_SECURITY_POLICY);
  expect(META_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  expect(META_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:/);
});
