/**
 * What a remote's ref listing means to Slipway, whichever way it was read (`git ls-remote`, the v0
 * advertisement or v2 `ls-refs`): branches and tags only, an annotated tag standing for the commit
 * it peels to. Both paths go through `collectRefs`, so they cannot disagree on a listing.
 */
import { packetText, PktLineError, type Packet } from './pkt-line';

/** One advertised ref: `name` ends in `^{}` for a peeled entry, as `git ls-remote` prints it. */
export interface ListedRef {
  readonly id: string;
  readonly name: string;
}

const listed = /^(refs\/heads\/|refs\/tags\/)/;
const objectId = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** `refs/heads/…` and `refs/tags/…` → commit id, a peeled entry winning over its tag object. */
export function collectRefs(entries: Iterable<ListedRef>): Map<string, string> {
  const refs = new Map<string, string>();
  for (const { id, name } of entries) {
    if (!listed.test(name)) continue;
    if (name.endsWith('^{}')) refs.set(name.slice(0, -3), id);
    else if (!refs.has(name)) refs.set(name, id);
  }
  return refs;
}

/** The server answered with an error packet ("ERR …"): its words, for the caller to classify. */
export class RemoteProtocolError extends Error {
  constructor(readonly serverMessage: string) {
    super(`remote error: ${serverMessage}`);
    this.name = 'RemoteProtocolError';
  }
}

function refLine(text: string): ListedRef {
  if (text.startsWith('ERR ')) throw new RemoteProtocolError(text.slice(4));
  const space = text.indexOf(' ');
  const id = text.slice(0, space);
  if (space < 0 || !objectId.test(id)) throw new PktLineError(`not a ref line: ${JSON.stringify(text.slice(0, 120))}`);
  return { id, name: text.slice(space + 1) };
}

export type Discovery =
  /** The server speaks v2: ask it with `ls-refs`; `objectFormat` when it is not sha1. */
  | { readonly version: 2; readonly lsRefs: boolean; readonly objectFormat: string | null }
  /** A v0/v1 advertisement: the refs are already here. */
  | { readonly version: 0; readonly refs: ListedRef[] };

/**
 * The answer to `GET …/info/refs?service=git-upload-pack`. A smart server may open with
 * `# service=git-upload-pack` and a flush (git-http-backend leaves it out under v2, GitHub keeps
 * it), then either `version 2` and its capabilities, or the v0 refs: the first carrying the
 * capabilities after a NUL, an empty repository only `capabilities^{}`.
 */
export function parseDiscovery(packets: readonly Packet[]): Discovery {
  let i = 0;
  const first = packets[0];
  if (first?.type === 'data' && packetText(first).startsWith('# service=')) {
    if (packets[1]?.type !== 'flush') throw new PktLineError('no flush after the service line');
    i = 2;
  }
  const head = packets[i];
  if (head?.type === 'data' && packetText(head) === 'version 2') {
    let lsRefs = false;
    let objectFormat: string | null = null;
    for (const packet of packets.slice(i + 1)) {
      if (packet.type !== 'data') break;
      const capability = packetText(packet);
      if (capability === 'ls-refs' || capability.startsWith('ls-refs=')) lsRefs = true;
      if (capability.startsWith('object-format=')) objectFormat = capability.slice('object-format='.length);
    }
    return { version: 2, lsRefs, objectFormat: objectFormat === 'sha1' ? null : objectFormat };
  }
  if (head?.type === 'data' && packetText(head) === 'version 1') i++;
  const refs: ListedRef[] = [];
  let ended = false;
  for (const packet of packets.slice(i)) {
    if (packet.type !== 'data') {
      ended = packet.type === 'flush';
      break;
    }
    const text = packetText(packet);
    const nul = text.indexOf('\0');
    refs.push(refLine(nul >= 0 ? text.slice(0, nul) : text));
  }
  if (!ended) throw new PktLineError('the ref advertisement ended without a flush');
  return { version: 0, refs };
}

/**
 * The arguments of a v2 `ls-refs` command: branches and tags only (the server leaves out HEAD,
 * pull requests, notes, and so on), annotated tags peeled to the commit a tag rule builds. No
 * `symrefs`: nothing reads where HEAD points, and every byte is read on every check.
 */
export function lsRefsArguments(): string[] {
  return ['peel', 'ref-prefix refs/heads/', 'ref-prefix refs/tags/'];
}

/** `<id> <name>[ symref-target:…][ peeled:<id>]` lines up to the flush, as ls-remote's entries. */
export function parseLsRefs(packets: readonly Packet[]): ListedRef[] {
  const refs: ListedRef[] = [];
  let ended = false;
  for (const packet of packets) {
    if (packet.type !== 'data') {
      ended = packet.type === 'flush' || packet.type === 'response-end';
      break;
    }
    const text = packetText(packet);
    if (text.startsWith('ERR ')) throw new RemoteProtocolError(text.slice(4));
    const [head, ...attributes] = text.split(' ');
    const { id, name } = refLine(`${head ?? ''} ${attributes.shift() ?? ''}`);
    refs.push({ id, name });
    for (const attribute of attributes) {
      if (!attribute.startsWith('peeled:')) continue;
      const peeled = attribute.slice('peeled:'.length);
      if (!objectId.test(peeled)) throw new PktLineError(`bad peeled id in ${JSON.stringify(text.slice(0, 120))}`);
      refs.push({ id: peeled, name: `${name}^{}` });
    }
  }
  if (!ended) throw new PktLineError('the ls-refs answer ended without a flush');
  return refs;
}
