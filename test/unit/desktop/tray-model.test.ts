import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTranslator } from '../../../src/shared/i18n/translate';
import { trayBuildLimit, trayModel, type TrayBuild, type TrayInput } from '../../../src/shared/desktop/tray-model';

const base: TrayInput = { active: [], lastFinished: null, paused: false, update: { state: 'idle', version: null } };
const build = (n: number, status: TrayBuild['status'] = 'running'): TrayBuild => ({ id: `b${n}`, number: n, status, repository: 'app-api', ref: 'main' });
const kinds = (input: TrayInput) => trayModel(input).items.map((i) => i.kind);

test('idle: no builds, the fixed items in order', () => {
  const model = trayModel(base);
  assert.equal(model.icon, 'idle');
  assert.equal(model.tooltip, 'Slipway — idle');
  assert.deepEqual(kinds(base), ['note', 'separator', 'open', 'pause', 'separator', 'quit']);
  assert.deepEqual(model.items[0], { kind: 'note', label: 'No builds running' });
});

test('N builds running: each is an item that opens it, counted in the tooltip', () => {
  const input = { ...base, active: [build(3), build(4), build(5, 'queued')] };
  const model = trayModel(input);
  assert.equal(model.icon, 'building');
  assert.equal(model.tooltip, 'Slipway — 2 builds running, 1 queued');
  const builds = model.items.filter((i) => i.kind === 'build');
  assert.deepEqual(builds.map((b) => b.kind === 'build' && b.buildId), ['b3', 'b4', 'b5']);
  assert.deepEqual(builds.map((b) => b.kind === 'build' && b.label), ['#3 app-api · main', '#4 app-api · main', '#5 app-api · main (queued)']);
});

test('the last build failed: a failed icon until a build runs again', () => {
  assert.equal(trayModel({ ...base, lastFinished: 'failed' }).icon, 'failed');
  assert.equal(trayModel({ ...base, lastFinished: 'failed' }).tooltip, 'Slipway — the last build failed');
  assert.equal(trayModel({ ...base, lastFinished: 'interrupted' }).icon, 'failed');
  assert.equal(trayModel({ ...base, lastFinished: 'succeeded' }).icon, 'idle');
  assert.equal(trayModel({ ...base, lastFinished: 'failed', active: [build(1)] }).icon, 'building');
});

test('paused offers Resume instead of Pause and says so', () => {
  const model = trayModel({ ...base, paused: true });
  assert.ok(model.items.some((i) => i.kind === 'resume' && i.label === 'Resume automatic builds'));
  assert.ok(!model.items.some((i) => i.kind === 'pause'));
  assert.match(model.tooltip, /automatic builds paused/);
});

test('a long queue is cut and counted', () => {
  const active = Array.from({ length: trayBuildLimit + 3 }, (_, i) => build(i + 1));
  const model = trayModel({ ...base, active });
  assert.equal(model.items.filter((i) => i.kind === 'build').length, trayBuildLimit);
  assert.ok(model.items.some((i) => i.kind === 'note' && i.label === 'and 3 more'));
});

test('a downloaded update adds "Restart to update" above Open', () => {
  const model = trayModel({ ...base, update: { state: 'ready', version: '0.2.0' } });
  const at = model.items.findIndex((i) => i.kind === 'restartToUpdate');
  assert.ok(at >= 0);
  assert.equal(model.items[at + 1]?.kind, 'open');
  assert.deepEqual(model.items[at], { kind: 'restartToUpdate', label: 'Restart to update to 0.2.0' });
  assert.ok(!trayModel({ ...base, update: { state: 'downloading', version: '0.2.0' } }).items.some((i) => i.kind === 'restartToUpdate'));
});

test('in Chinese the same model reads in Chinese: open, pause, quit, builds and the tooltip', () => {
  const zh = createTranslator('zh-CN');
  const model = trayModel({ ...base, active: [build(3), build(4, 'queued')], update: { state: 'ready', version: '0.2.0' } }, zh);
  assert.equal(model.tooltip, 'Slipway — 1 个构建正在运行，1 个排队中');
  assert.deepEqual(
    model.items.flatMap((i) => ('label' in i ? [i.label] : [])),
    ['#3 app-api · main', '#4 app-api · main（排队中）', '重启并更新到 0.2.0', '打开 Slipway', '暂停自动构建', '退出 Slipway'],
  );
  assert.ok(trayModel({ ...base, paused: true }, zh).items.some((i) => i.kind === 'resume' && i.label === '恢复自动构建'));
  assert.equal(trayModel(base, zh).tooltip, 'Slipway — 空闲');
});
