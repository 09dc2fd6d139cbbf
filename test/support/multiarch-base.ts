import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { mediaTypes, type RegistryClient } from '../../src/main/core/registries';
import { sha } from './images';
import { tempDir } from './temp';

/**
 * Debian's busybox-static for arm64 (downloaded with apt, as nothing can be pulled here) and the
 * host's own, each made into a real image and joined into one index in a registry: the multi-arch
 * base that a linux/amd64 + linux/arm64 build starts FROM. Needs qemu-user-static with binfmt on.
 */
export function enableArm64Emulation(): void {
  if (!existsSync('/proc/sys/fs/binfmt_misc/register')) execFileSync('mount', ['binfmt_misc', '-t', 'binfmt_misc', '/proc/sys/fs/binfmt_misc'], { stdio: 'ignore' });
  if (!existsSync('/proc/sys/fs/binfmt_misc/qemu-aarch64')) execFileSync('update-binfmts', ['--enable', 'qemu-aarch64'], { stdio: 'ignore' });
}

export function arm64Busybox(): string {
  const dir = tempDir('slipway-busybox-arm64-');
  const archs = execFileSync('dpkg', ['--print-foreign-architectures'], { encoding: 'utf8' });
  if (!archs.split('\n').includes('arm64')) {
    execFileSync('dpkg', ['--add-architecture', 'arm64']);
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  }
  execFileSync('apt-get', ['download', '-qq', 'busybox-static:arm64'], { cwd: dir, stdio: 'ignore' });
  const deb = execFileSync('sh', ['-c', 'ls *.deb'], { cwd: dir, encoding: 'utf8' }).trim();
  execFileSync('dpkg-deb', ['-x', join(dir, deb), join(dir, 'x')]);
  return join(dir, 'x', 'bin', 'busybox');
}

function rootfsTar(busybox: string): Buffer {
  const root = tempDir('slipway-rootfs-');
  for (const d of ['bin', 'tmp', 'etc', 'root', 'proc', 'sys', 'dev']) mkdirSync(join(root, d));
  copyFileSync(busybox, join(root, 'bin', 'busybox'));
  chmodSync(join(root, 'bin', 'busybox'), 0o755);
  // The host's busybox lists the applets; the set is the same for the arm64 build of the same version.
  for (const name of execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n').map((s) => s.trim())) {
    if (name && name !== 'busybox' && !existsSync(join(root, 'bin', name))) symlinkSync('busybox', join(root, 'bin', name));
  }
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  return execFileSync('tar', ['-C', root, '-cf', '-', '.'], { maxBuffer: 64 << 20 });
}

export async function pushMultiArchBase(client: RegistryClient, repository: string, tag: string): Promise<string> {
  const platforms = [
    { os: 'linux', architecture: 'amd64', busybox: '/bin/busybox' },
    { os: 'linux', architecture: 'arm64', busybox: arm64Busybox() },
  ];
  const children = [];
  for (const p of platforms) {
    const tar = rootfsTar(p.busybox);
    const layer = gzipSync(tar);
    const config = Buffer.from(JSON.stringify({ os: p.os, architecture: p.architecture, created: new Date().toISOString(), config: { Env: ['PATH=/bin'], Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: [sha(tar)] } }));
    await client.putBlob(repository, layer);
    await client.putBlob(repository, config);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: mediaTypes.dockerManifest,
        config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha(config), size: config.length },
        layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: sha(layer), size: layer.length }],
      }),
    );
    const digest = await client.putManifest(repository, `${tag}-${p.architecture}`, manifest, mediaTypes.dockerManifest);
    children.push({ mediaType: mediaTypes.dockerManifest, digest, size: manifest.length, platform: { os: p.os, architecture: p.architecture } });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: mediaTypes.dockerList, manifests: children }));
  return client.putManifest(repository, tag, index, mediaTypes.dockerList);
}
