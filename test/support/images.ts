import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { mediaTypes, type RegistryClient } from '../../src/main/core/registries';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** A tiny but real OCI image (one layer, a config naming its platform) pushed with the client. */
export async function pushImage(client: RegistryClient, repository: string, tag: string, platform = { os: 'linux', architecture: 'amd64' }, content = 'hello'): Promise<{ digest: string; bytes: Buffer; size: number }> {
  const layer = gzipSync(Buffer.from(`${content} ${platform.architecture}`));
  const config = Buffer.from(JSON.stringify({ ...platform, created: '2026-11-20T10:00:00Z', rootfs: { type: 'layers', diff_ids: [sha(Buffer.from(content))] }, config: {} }));
  await client.putBlob(repository, layer);
  await client.putBlob(repository, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociManifest,
      config: { mediaType: mediaTypes.ociConfig, digest: sha(config), size: config.length },
      layers: [{ mediaType: mediaTypes.ociLayer, digest: sha(layer), size: layer.length }],
    }),
  );
  const digest = await client.putManifest(repository, tag, manifest, mediaTypes.ociManifest);
  return { digest, bytes: manifest, size: config.length + layer.length };
}

/** An OCI index joining one image per platform under one tag. */
export async function pushIndex(client: RegistryClient, repository: string, tag: string, platforms: { os: string; architecture: string; variant?: string }[]) {
  const children = [];
  for (const platform of platforms) {
    const image = await pushImage(client, repository, `${tag}-${platform.architecture}`, platform);
    children.push({ mediaType: mediaTypes.ociManifest, digest: image.digest, size: image.bytes.length, platform, imageSize: image.size });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: children.map(({ imageSize: _s, ...d }) => d) }));
  const digest = await client.putManifest(repository, tag, index, mediaTypes.ociIndex);
  return { digest, bytes: index, size: children.reduce((s, c) => s + c.imageSize, 0) };
}

export { sha };
