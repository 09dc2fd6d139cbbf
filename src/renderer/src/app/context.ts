import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useCatalogView, type CatalogView } from '../api/catalog';
import type { AppStore } from '../store/app-store';

export const AppStoreContext = createContext<AppStore | null>(null);

export function useApp<T>(select: (state: ReturnType<AppStore['getState']>) => T): T {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('AppStoreContext is missing');
  return useStore(store, select);
}

/** The catalog lists through the query cache, for components that pick one of them. */
export function useCatalog<T>(select: (catalog: CatalogView) => T): T {
  return select(useCatalogView());
}
