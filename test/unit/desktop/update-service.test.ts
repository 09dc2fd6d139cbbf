import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventBus } from '../../../src/main/core/events';
import { BuildActivity } from '../../../src/main/core/desktop/build-activity';
import { UpdateService, type UpdaterEvent, type UpdaterPort } from '../../../src/main/core/desktop/update-service';
import type { UpdateFeed, UpdaterOptions } from '../../../src/shared/desktop/update-policy';
import type { UpdateStatus } from '../../../src/shared/desktop/update-status';
import { AppError } from '../../../src/shared/errors';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { defaultPreferences, type Preferences } from '../../../src/shared/models/settings';
import type { Build, BuildStatus } from '../../../src/shared/models/build';

/**
 * electron-updater cannot run without Electron; this port stands where it would and replays the
 * events it emits (checking-for-update, update-available, download-progress, update-downloaded).
 */
class ScriptedUpdater implements UpdaterPort {
  readonly calls: string[] = [];
  configured: { options: UpdaterOptions; feed: UpdateFeed } | null = null;
  #listener: ((e: UpdaterEvent) => void) | null = null;
  constructor(private readonly onCheck: (emit: (e: UpdaterEvent) => void) => void = () => undefined) {}
  configure(options: UpdaterOptions, feed: UpdateFeed): void {
    this.configured = { options, feed };
  }
  async check(): Promise<void> {
    this.calls.push('check');
    this.onCheck((e) => this.emit(e));
  }
  async download(): Promise<void> {
    this.calls.push('download');
  }
  quitAndInstall(): void {
    this.calls.push('quitAndInstall');
  }
  onEvent(listener: (e: UpdaterEvent) => void): () => void {
    this.#listener = listener;
    return () => (this.#listener = null);
  }
  emit(e: UpdaterEvent): void {
    this.#listener?.(e);
  }
}

function build(id: string, status: BuildStatus, finishedAt: string | null = null): Build {
  return {
    id, number: 1, repositoryId: 'r', ruleId: null, ref: { kind: 'branch', name: 'main' }, commit: 'a'.repeat(40), commitMessage: null,
    trigger: 'push', status, platforms: [], builderId: 'local', placements: [], tags: [], error: null, createdAt: '2026-12-01T00:00:00Z', startedAt: null, finishedAt, logLines: 0,
  };
}

function setup(options: { prefs?: Partial<Preferences>; running?: Build[]; updater?: ScriptedUpdater; version?: string } = {}) {
  const bus = new EventBus();
  const running = options.running ?? [];
  const activity = new BuildActivity(bus, { running: () => running, queued: () => [], list: () => [] });
  const updater = options.updater ?? new ScriptedUpdater();
  const statuses: UpdateStatus[] = [];
  const canceled: string[] = [];
  const prefs = { ...defaultPreferences, ...options.prefs };
  const service = new UpdateService({
    version: options.version ?? '0.1.0',
    preferences: () => prefs,
    updater,
    activity,
    builds: { cancel: (id) => { canceled.push(id); setImmediate(() => bus.emit('builds:changed', build(id, 'canceled', '2026-12-01T00:01:00Z'))); } },
    emit: (s) => statuses.push(s),
  });
  return { bus, activity, updater, statuses, canceled, service };
}

const ready = async (s: ReturnType<typeof setup>) => {
  s.updater.emit({ kind: 'available', version: '0.2.0' });
  s.updater.emit({ kind: 'downloaded', version: '0.2.0' });
  assert.equal(s.service.status().state, 'ready');
};

test('a newer release is downloaded, reported with progress, then offered', () => {
  const s = setup();
  s.service.start();
  assert.deepEqual(s.updater.configured, { options: { channel: 'latest', allowPrerelease: false, allowDowngrade: false, autoDownload: false, autoInstallOnAppQuit: true }, feed: { provider: 'github' } });
  s.updater.emit({ kind: 'available', version: '0.2.0' });
  assert.deepEqual(s.updater.calls, ['download']);
  s.updater.emit({ kind: 'progress', percent: 42.5 });
  assert.equal(s.service.status().percent, 42.5);
  s.updater.emit({ kind: 'downloaded', version: '0.2.0' });
  assert.deepEqual(s.statuses.map((x) => x.state), ['downloading', 'downloading', 'ready']);
  assert.equal(s.service.status().version, '0.2.0');
  s.service.close();
});

test('a prerelease on the stable channel, or an older version, is not taken', () => {
  const s = setup({ version: '0.2.0' });
  s.updater.emit({ kind: 'available', version: '0.3.0-beta.1' });
  s.updater.emit({ kind: 'available', version: '0.1.0' });
  assert.deepEqual(s.updater.calls, []);
  assert.equal(s.service.status().state, 'up-to-date');
  const beta = setup({ version: '0.2.0', prefs: { updateChannel: 'beta' } });
  beta.updater.emit({ kind: 'available', version: '0.3.0-beta.1' });
  assert.deepEqual(beta.updater.calls, ['download']);
});

test('a mirror from Settings becomes the generic feed, applied when Settings change', () => {
  const s = setup();
  s.service.start();
  s.service.configure({ ...defaultPreferences, updateChannel: 'beta', updateFeedUrl: 'https://mirror.example.com/slipway' });
  assert.deepEqual(s.updater.configured?.feed, { provider: 'generic', url: 'https://mirror.example.com/slipway' });
  assert.equal(s.updater.configured?.options.channel, 'beta');
  assert.equal(s.service.status().feed, 'https://mirror.example.com/slipway');
  s.service.close();
});

test('check reports checking, then what the feed said; a failure keeps only its first line', async () => {
  const s = setup({ updater: new ScriptedUpdater((emit) => emit({ kind: 'error', message: 'HttpError: 404\n"method: GET url: https://github.com/…"' })) });
  const status = await s.service.check();
  assert.equal(status.state, 'error');
  assert.equal(status.message, 'HttpError: 404');
  assert.ok(status.checkedAt);
  s.service.close();
});

test('an update error that quotes a mirror address with its password reaches the window without it', async () => {
  const s = setup({ updater: new ScriptedUpdater((emit) => emit({ kind: 'error', message: 'Cannot download "https://ci:mirror-pass-77@mirror.example.com/slipway/latest.yml", status 503' })) });
  const status = await s.service.check();
  assert.equal(status.message, 'Cannot download "https://ci:[redacted]@mirror.example.com/slipway/latest.yml", status 503');
  assert.ok(!s.statuses.some((x) => JSON.stringify(x).includes('mirror-pass-77')));
  s.service.close();
});

test('restart to update never happens by itself while a build runs', async () => {
  const s = setup({ running: [build('b1', 'running')] });
  await ready(s);
  await assert.rejects(s.service.restartToUpdate('ask'), (e: unknown) => e instanceof AppError && e.code === 'conflict' && e.message === '1 build is running.' && e.phrase !== undefined && createTranslator('zh-CN').word(e.phrase) === '有 1 个构建正在运行。');
  const waiting = await s.service.restartToUpdate('wait');
  assert.equal(waiting.restartWhenIdle, true);
  assert.ok(!s.updater.calls.includes('quitAndInstall'));
  // A build queued while waiting is waited for too.
  s.bus.emit('builds:changed', build('b2', 'queued'));
  s.bus.emit('builds:changed', build('b1', 'succeeded', '2026-12-01T00:02:00Z'));
  assert.ok(!s.updater.calls.includes('quitAndInstall'));
  s.bus.emit('builds:changed', build('b2', 'failed', '2026-12-01T00:03:00Z'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(s.updater.calls.filter((c) => c === 'quitAndInstall'), ['quitAndInstall']);
});

test('"stop them" cancels the running builds and restarts only once they read canceled', async () => {
  const s = setup({ running: [build('b1', 'running'), build('b2', 'running')] });
  await ready(s);
  await s.service.restartToUpdate('stop');
  assert.deepEqual(s.canceled.sort(), ['b1', 'b2']);
  assert.deepEqual(s.activity.activeIds(), []);
  assert.ok(s.updater.calls.includes('quitAndInstall'));
});

test('no restart is offered before an update is ready, and none at all on the headless host', async () => {
  const s = setup();
  await assert.rejects(s.service.restartToUpdate('stop'), (e: unknown) => e instanceof AppError && e.code === 'conflict');
  const bus = new EventBus();
  const headless = new UpdateService({ version: '0.1.0', preferences: () => defaultPreferences, updater: null, activity: new BuildActivity(bus, { running: () => [], queued: () => [], list: () => [] }), builds: { cancel: () => undefined }, emit: () => undefined });
  assert.equal(headless.status().state, 'unsupported');
  assert.match(headless.status().message ?? '', /npm and git/);
  await assert.rejects(headless.restartToUpdate('ask'), (e: unknown) => e instanceof AppError && e.code === 'unavailable');
});
