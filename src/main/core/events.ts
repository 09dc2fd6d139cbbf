import type { EventName, EventPayload } from '../../shared/contract';

export type AnyEvent = { [E in EventName]: { readonly event: E; readonly payload: EventPayload<E> } }[EventName];
export type EventListener = (event: AnyEvent) => void;

/** One bus for the core; each transport subscribes once and forwards what it hears. */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const message = { event, payload } as AnyEvent;
    for (const listener of this.#listeners) {
      try {
        listener(message);
      } catch {
        // A transport that fails to deliver (a closed socket) must not stop the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
