import { ApiError } from './client';

/** What went wrong and what the user can do next: the one shape every banner and form shows. */
export interface Problem {
  readonly message: string;
  readonly hint?: string;
}

export function toProblem(error: unknown): Problem {
  if (error instanceof ApiError) return error.hint ? { message: error.message, hint: error.hint } : { message: error.message };
  return { message: 'Something went wrong.', hint: 'Try again.' };
}

/** A build's or report's own error record shown as a problem, without an empty hint. */
export function problemOf(record: { readonly message: string; readonly hint?: string | undefined }): Problem {
  return record.hint ? { message: record.message, hint: record.hint } : { message: record.message };
}
