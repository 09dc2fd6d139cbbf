import { randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

export function now(): string {
  return new Date().toISOString();
}

/** SQLite reports constraint violations by message; callers turn them into a clear conflict. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
