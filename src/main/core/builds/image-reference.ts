/**
 * Splits registry/ns/name:tag into the repository and the tag. A module of its own: the build store,
 * read in the headless host's first stage, needs it without the push code (issue 15).
 */
export function splitReference(reference: string): { repository: string; tag: string } {
  const colon = reference.lastIndexOf(':');
  const slash = reference.lastIndexOf('/');
  if (colon <= slash) return { repository: reference, tag: 'latest' };
  return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
}
