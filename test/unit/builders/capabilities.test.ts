import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { probeCapabilities } from '../../../src/main/core/builders/capabilities';
import { connectEngine } from '../../../src/main/core/docker/engine';
import { AppError } from '../../../src/shared/errors';
import { tempDir } from '../../support/temp';

/** A loopback engine that answers /version and /info as given, and refuses everything else (no /grpc). */
async function fakeEngine(version: object, info: object): Promise<{ endpoint: string; paths: string[]; close(): void }> {
  const paths: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    paths.push(`${req.method} ${req.url}`);
    const body = /\/version$/.test(req.url ?? '') ? version : /\/info$/.test(req.url ?? '') ? info : null;
    res.statusCode = body ? 200 : 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body ?? { message: 'page not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { endpoint: `tcp://127.0.0.1:${port}`, paths, close: () => server.close() };
}

test('a Docker engine whose /grpc is refused is known by /info alone, and says so', async () => {
  const engine = await fakeEngine({ Version: '24.0.7', ApiVersion: '1.43', Os: 'linux', Arch: 'arm64', Components: [{ Name: 'Engine', Version: '24.0.7' }] }, { OSType: 'linux', Architecture: 'aarch64' });
  try {
    const caps = await probeCapabilities(engine, connectEngine(engine), { timeoutMs: 3000 });
    assert.deepEqual(engine.paths.filter((p) => p.includes('grpc')), ['POST /v1.43/grpc'], 'BuildKit was asked, at the engine API version');
    assert.equal(caps.engineKind, 'docker');
    assert.equal(caps.engineVersion, '24.0.7');
    assert.equal(caps.nativePlatform, 'linux/arm64');
    assert.deepEqual(caps.buildkitPlatforms, []);
    assert.equal(caps.platformsFrom, 'engine');
    assert.match(caps.buildkitUnavailable ?? '', /404|page not found/);
    assert.equal(caps.session, true, 'the engine still opens sessions');
  } finally {
    engine.close();
  }
});

test("Podman is known by its component, with no session and no BuildKit to ask", async () => {
  const engine = await fakeEngine(
    { Version: '4.3.1', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64', Components: [{ Name: 'Podman Engine', Version: '4.3.1' }] },
    { OSType: 'linux', Architecture: 'amd64' },
  );
  try {
    const caps = await probeCapabilities(engine, connectEngine(engine), { timeoutMs: 3000 });
    assert.equal(caps.engineKind, 'podman');
    assert.equal(caps.session, false);
    assert.equal(caps.buildkitVersion, null);
    assert.equal(caps.nativePlatform, 'linux/amd64');
    assert.equal(engine.paths.some((p) => p.includes('grpc')), false, 'Podman has no BuildKit: /grpc is not tried');
  } finally {
    engine.close();
  }
});

test('a socket nobody listens on is unreachable, with a phrase that says so', async () => {
  const engine = { endpoint: `unix://${join(tempDir(), 'none.sock')}` };
  const error = await probeCapabilities(engine, connectEngine(engine), { timeoutMs: 3000 }).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(error instanceof AppError);
  assert.equal(error.code, 'unreachable');
  assert.equal(error.phrase?.key, 'builds.errors.noEngineAt');
  assert.match(error.message, /No Docker engine answers at "unix:\/\/\/.*none\.sock"/);
});
