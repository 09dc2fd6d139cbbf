import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Client } from '../api/client';
import type { AppStore } from '../store/app-store';
import type { CatalogStore } from '../store/catalog-store';

export interface Services {
  readonly client: Client;
  readonly store: AppStore;
  readonly catalog: CatalogStore;
}

export const ClientContext = createContext<Services | null>(null);

function useServices(): Services {
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

export function useCatalog<T>(select: (state: ReturnType<CatalogStore['getState']>) => T): T {
  return useStore(useServices().catalog, select);
}
