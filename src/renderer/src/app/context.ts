import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Client } from '../api/client';
import type { AppStore } from '../store/app-store';

export const ClientContext = createContext<{ client: Client; store: AppStore } | null>(null);

function useServices(): { client: Client; store: AppStore } {
  const services = useContext(ClientContext);
  if (!services) throw new Error('ClientContext is missing');
  return services;
}

export function useClient(): Client {
  return useServices().client;
}

export function useApp<T>(select: (state: ReturnType<AppStore['getState']>) => T): T {
  return useStore(useServices().store, select);
}
