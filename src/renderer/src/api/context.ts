import { createContext, useContext } from 'react';
import type { Client } from './client';
import type { Session } from './session';

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('SessionContext is missing');
  return session;
}

/** For the hooks in api/ only: feature code goes through them (a lint rule keeps it so). */
export function useClient(): Client {
  return useSession().client;
}
