import { useEffect, useRef } from 'react';

export const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/** How a Ctrl/Cmd shortcut reads on this platform, e.g. "Ctrl+S" or "⌘S". */
export const shortcutLabel = (key: string) => (isMac ? `⌘${key}` : `Ctrl+${key}`);

/**
 * Ctrl/Cmd+`key` anywhere on the page while the component is mounted (Monaco's own keybindings
 * handle the same keys inside an editor and stop them there). With `outsideForms`, a key pressed
 * inside a form is left to the form: a page action (Sync now) is not what a Ctrl+Enter typed
 * into a form's field means.
 */
export function useShortcut(
  key: string,
  handler: () => void,
  { enabled = true, outsideForms = false }: { enabled?: boolean; outsideForms?: boolean } = {},
): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      if (event.key.toLowerCase() !== key.toLowerCase()) return;
      if (outsideForms && event.target instanceof Element && event.target.closest('form')) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [key, enabled, outsideForms]);
}
