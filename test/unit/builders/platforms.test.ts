import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPlatform, isPlatform, nativePlatformFromInfo, splitPlatforms } from '../../../src/main/core/builders/platforms';
import { decodeListWorkersResponse } from '../../../src/main/core/builders/control-messages';
import { builderSettingsInputSchema, remoteBuilderInputSchema } from '../../../src/shared/models/builder';

test("the engine's kernel machine names become OCI platforms", () => {
  assert.equal(nativePlatformFromInfo({ OSType: 'linux', Architecture: 'x86_64' }), 'linux/amd64');
  assert.equal(nativePlatformFromInfo({ OSType: 'linux', Architecture: 'aarch64' }), 'linux/arm64');
  assert.equal(nativePlatformFromInfo({ OSType: 'linux', Architecture: 'armv7l' }), 'linux/arm/v7');
  assert.equal(nativePlatformFromInfo({ OSType: 'linux', Architecture: 'amd64' }), 'linux/amd64', "Podman's compat API says Go's name");
  assert.equal(nativePlatformFromInfo({ OSType: 'windows', Architecture: 'x86_64' }), 'windows/amd64');
  assert.equal(nativePlatformFromInfo({ OSType: 'linux', Architecture: 's390x' }), 'linux/s390x');
  assert.equal(nativePlatformFromInfo({ OSType: 'linux' }), null);
  assert.equal(nativePlatformFromInfo({}), null);
});

test("BuildKit's platform parts keep their variant, except arm64's default v8", () => {
  assert.equal(formatPlatform('linux', 'arm', 'v7'), 'linux/arm/v7');
  assert.equal(formatPlatform('linux', 'arm64', 'v8'), 'linux/arm64');
  assert.equal(formatPlatform('linux', 'amd64', 'v2'), 'linux/amd64/v2');
  assert.equal(formatPlatform('Linux', 'AMD64'), 'linux/amd64');
  assert.equal(formatPlatform('', 'amd64'), null);
});

test('natives and emulated: detected, and with a declaration that overrides', () => {
  const buildkit = ['linux/amd64', 'linux/amd64/v2', 'linux/arm64', 'linux/386', 'linux/arm/v7'];
  assert.deepEqual(splitPlatforms('linux/amd64', buildkit), { native: ['linux/amd64'], emulated: ['linux/arm64', 'linux/386', 'linux/arm/v7'] });
  // An amd64 engine declared arm64-native (through its QEMU): arm64 is now native, amd64 counts as emulated.
  assert.deepEqual(splitPlatforms('linux/amd64', buildkit, ['linux/arm64']), { native: ['linux/arm64'], emulated: ['linux/amd64', 'linux/386', 'linux/arm/v7'] });
  assert.deepEqual(splitPlatforms('linux/amd64', buildkit, ['linux/amd64', 'linux/arm64']).emulated, ['linux/386', 'linux/arm/v7']);
  // BuildKit could not be asked: only the engine's own platform is known.
  assert.deepEqual(splitPlatforms('linux/amd64', []), { native: ['linux/amd64'], emulated: [] });
  assert.deepEqual(splitPlatforms(null, []), { native: [], emulated: [] });
});

test('a ListWorkers answer decodes with platforms and labels (wire bytes written by hand)', () => {
  // WorkerRecord{ID:"moby", Labels{"a":"b"}, platforms:[{Architecture:"amd64",OS:"linux"},{Architecture:"arm",OS:"linux",Variant:"v7"}]}
  const str = (field: number, s: string) => Buffer.concat([Buffer.from([(field << 3) | 2, s.length]), Buffer.from(s)]);
  const msg = (field: number, body: Buffer) => Buffer.concat([Buffer.from([(field << 3) | 2, body.length]), body]);
  const record = Buffer.concat([
    str(1, 'moby'),
    msg(2, Buffer.concat([str(1, 'a'), str(2, 'b')])),
    msg(3, Buffer.concat([str(1, 'amd64'), str(2, 'linux')])),
    msg(3, Buffer.concat([str(1, 'arm'), str(2, 'linux'), str(3, 'v7')])),
    // A GC policy (field 4) this reader skips.
    msg(4, Buffer.from([0x08, 0x01])),
  ]);
  const workers = decodeListWorkersResponse(msg(1, record));
  assert.deepEqual(workers, [
    {
      id: 'moby',
      labels: { a: 'b' },
      platforms: [
        { os: 'linux', architecture: 'amd64', variant: '' },
        { os: 'linux', architecture: 'arm', variant: 'v7' },
      ],
      buildkitVersion: '',
    },
  ]);
});

test('declared platforms and capacity are checked, with words for each mistake', () => {
  const ok = builderSettingsInputSchema.parse({ id: 'local', capacity: 4, nativePlatforms: ['Linux/ARM64', ' linux/arm/v7 '] });
  assert.deepEqual(ok.nativePlatforms, ['linux/arm64', 'linux/arm/v7']);
  const message = (input: unknown) => builderSettingsInputSchema.safeParse(input).error?.issues[0]?.message;
  assert.equal(message({ id: 'local', capacity: 0, nativePlatforms: [] }), 'builders.validation.capacity');
  assert.equal(message({ id: 'local', capacity: 17, nativePlatforms: [] }), 'builders.validation.capacity');
  assert.equal(message({ id: 'local', capacity: 1.5, nativePlatforms: [] }), 'builders.validation.capacity');
  assert.equal(message({ id: 'local', capacity: 1, nativePlatforms: ['arm64'] }), 'builders.validation.platform');
  assert.equal(message({ id: 'local', capacity: 1, nativePlatforms: ['linux/arm64', 'linux/arm64'] }), 'builders.validation.duplicatePlatform');
  assert.equal(isPlatform('linux/arm64'), true);
  assert.equal(isPlatform('linux'), false);
});

test('added builders may be unix:// sockets (Podman, a second engine) besides tcp:// and ssh://', () => {
  for (const endpoint of ['unix:///run/podman/podman.sock', 'tcp://10.0.0.2:2376', 'ssh://me@host']) {
    assert.equal(remoteBuilderInputSchema.safeParse({ name: 'b', endpoint }).success, true, endpoint);
  }
  for (const endpoint of ['unix://relative.sock', 'http://host', 'npipe:////./pipe/docker_engine']) {
    assert.equal(remoteBuilderInputSchema.safeParse({ name: 'b', endpoint }).error?.issues[0]?.message, 'builders.validation.endpoint', endpoint);
  }
});
