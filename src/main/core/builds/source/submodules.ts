import { runGit } from '../../git/process';

export interface SubmoduleEntry {
  readonly name: string;
  /** Relative to the superproject's root. */
  readonly path: string;
  readonly url: string;
}

/** The submodules a commit declares, read from its .gitmodules blob (no checkout). */
export async function readGitmodules(gitDir: string, commit: string): Promise<SubmoduleEntry[]> {
  const run = await runGit(gitDir, ['config', '--blob', `${commit}:.gitmodules`, '--list', '-z']);
  if (run.code !== 0) return [];
  const byName = new Map<string, { path?: string; url?: string }>();
  for (const record of run.stdout.toString('utf8').split('\0')) {
    const nl = record.indexOf('\n');
    if (nl < 0) continue;
    const key = record.slice(0, nl);
    const value = record.slice(nl + 1);
    const match = /^submodule\.(.+)\.(path|url)$/.exec(key);
    if (!match) continue;
    const [, name = '', field] = match;
    const entry = byName.get(name) ?? {};
    if (field === 'path') entry.path = value.replace(/^\.\/|\/+$/g, '');
    else entry.url = value;
    byName.set(name, entry);
  }
  const out: SubmoduleEntry[] = [];
  for (const [name, e] of byName) if (e.path && e.url) out.push({ name, path: e.path, url: e.url });
  return out;
}

/**
 * A submodule URL as git reads it: `./x` and `../x` are relative to the superproject's URL taken as
 * a folder (`../lib.git` beside `owner/app.git` is `owner/lib.git`). scp-like and ssh:// addresses
 * become https on the same host, since mirrors fetch over http(s) with the account's token.
 */
export function resolveSubmoduleUrl(parentUrl: string, url: string): string {
  if (url.startsWith('./') || url.startsWith('../')) {
    const base = new URL(parentUrl);
    let path = base.pathname.replace(/\/+$/, '');
    let rest = url;
    for (;;) {
      if (rest.startsWith('./')) rest = rest.slice(2);
      else if (rest.startsWith('../')) {
        rest = rest.slice(3);
        path = path.slice(0, Math.max(0, path.lastIndexOf('/')));
      } else break;
    }
    base.pathname = `${path}/${rest}`;
    base.search = '';
    base.hash = '';
    return base.toString();
  }
  const scp = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/.exec(url);
  if (scp) return `https://${scp[1]}/${scp[2]!.replace(/^\/+/, '')}`;
  if (url.startsWith('ssh://') || url.startsWith('git://')) {
    const u = new URL(url);
    return `https://${u.hostname}${u.pathname}`;
  }
  return url;
}
