import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ApiEvent, ApiEvents, EventName } from '../../../core/api/contract';
import type { Client } from './client';
import type { Transport } from './transport';

type Listener = (event: ApiEvent) => void;

interface ApiContextValue {
  call: Client;
  transport: Transport;
  /** One transport subscription shared by every component; answers an unsubscribe. */
  onEvent: (listener: Listener) => () => void;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({
  value,
  children,
}: {
  value: { call: Client; transport: Transport };
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const listeners = useRef(new Set<Listener>());
  useEffect(
    () =>
      value.transport.subscribe((event: ApiEvent) => {
        if (event.name === 'store.changed')
          void queryClient.invalidateQueries({ queryKey: [event.payload.domain] });
        if (event.name === 'run.finished') {
          void queryClient.invalidateQueries({ queryKey: ['syncs'] });
          void queryClient.invalidateQueries({ queryKey: ['runs', event.payload.syncId] });
          void queryClient.invalidateQueries({ queryKey: ['usage'] });
        }
        for (const listener of listeners.current) listener(event);
      }),
    [value.transport, queryClient],
  );
  const full = useMemo<ApiContextValue>(
    () => ({
      ...value,
      onEvent: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [value],
  );
  return <ApiContext.Provider value={full}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside ApiProvider');
  return value;
}

/** Calls `handler` for every push event named `name` while the component is mounted. */
export function useApiEvent<E extends EventName>(
  name: E,
  handler: (payload: ApiEvents[E]) => void,
): void {
  const { onEvent } = useApi();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(
    () =>
      onEvent((event) => {
        if (event.name === name) latest.current(event.payload as ApiEvents[E]);
      }),
    [onEvent, name],
  );
}
