import { useEffect, useRef, useState } from 'react';

export const SCREENS = [
  { id: 'warehouses', label: 'Warehouses', key: '1' },
  { id: 'models', label: 'Models', key: '2' },
  { id: 'destinations', label: 'Destinations', key: '3' },
  { id: 'syncs', label: 'Syncs', key: '4' },
  { id: 'usage', label: 'Usage & Billing', key: '5' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

const fromHash = (): ScreenId => {
  const id = window.location.hash.replace(/^#\/?/, '').split('/')[0];
  return SCREENS.find((s) => s.id === id)?.id ?? 'warehouses';
};

/**
 * The current screen, kept in the URL hash so back/forward and reloads work. Every way of moving
 * (sidebar, shortcut, back button) changes the hash; `confirmLeave` may hold the move (unsaved
 * edits) and make it later.
 */
export function useScreen(
  confirmLeave: (leave: () => void) => boolean = () => true,
): [ScreenId, (id: ScreenId) => void] {
  const [screen, setScreen] = useState<ScreenId>(fromHash);
  const current = useRef(screen);
  const ask = useRef(confirmLeave);
  useEffect(() => {
    ask.current = confirmLeave;
  });
  useEffect(() => {
    const onHash = () => {
      const target = fromHash();
      if (target === current.current) return;
      const go = () => {
        current.current = target;
        window.history.replaceState(null, '', `#/${target}`);
        setScreen(target);
      };
      if (ask.current(go)) return go();
      // Held: the address stays on the screen still shown until the question is answered.
      window.history.replaceState(null, '', `#/${current.current}`);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return;
      const target = SCREENS.find((s) => s.key === event.key);
      if (!target) return;
      event.preventDefault();
      window.location.hash = `#/${target.id}`;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return [screen, (id) => (window.location.hash = `#/${id}`)];
}
