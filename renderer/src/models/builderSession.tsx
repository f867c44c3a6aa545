import { createContext, useContext, useRef, type ReactNode } from 'react';
import type { BuilderState } from './buildSql';

/**
 * The visual builder's state per saved model, for this session only: the store keeps just the SQL,
 * so after a restart a model built visually opens as SQL.
 */
type Session = Map<string, BuilderState>;

const BuilderSessionContext = createContext<Session | null>(null);

export function BuilderSessionProvider({ children }: { children: ReactNode }) {
  const session = useRef<Session>(new Map());
  return (
    <BuilderSessionContext.Provider value={session.current}>
      {children}
    </BuilderSessionContext.Provider>
  );
}

export function useBuilderSession(): Session {
  const session = useContext(BuilderSessionContext);
  if (!session) throw new Error('useBuilderSession outside BuilderSessionProvider');
  return session;
}
