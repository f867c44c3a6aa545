import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ApiEvent } from '../../../core/api/contract';
import type { Client } from './client';
import type { Transport } from './transport';

interface ApiContextValue {
  call: Client;
  transport: Transport;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ value, children }: { value: ApiContextValue; children: ReactNode }) {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      value.transport.subscribe((event: ApiEvent) => {
        if (event.name === 'store.changed')
          void queryClient.invalidateQueries({ queryKey: [event.payload.domain] });
      }),
    [value.transport, queryClient],
  );
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside ApiProvider');
  return value;
}
