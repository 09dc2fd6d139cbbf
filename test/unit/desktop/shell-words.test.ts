import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shellWords } from '../../../src/main/core/desktop/shell-words';
import { applicationMenuLabels, buildEndNotice } from '../../../src/shared/desktop/shell-text';
import { backgroundNotice } from '../../../src/shared/desktop/close-policy';
import { exitQuestion } from '../../../src/shared/desktop/when-building';
import { trayModel } from '../../../src/shared/desktop/tray-model';
import type { LanguageChoice } from '../../../src/shared/i18n/locales';

const idle = { active: [], lastFinished: null, paused: false, update: { state: 'idle' as const, version: null } };

test('the shell follows the language preference, and the system’s languages for “system”', () => {
  let choice: LanguageChoice = 'system';
  let system: readonly string[] = ['zh-Hans-CN', 'en-US'];
  const words = shellWords(() => choice, () => system);
  assert.equal(words().locale, 'zh-CN');
  assert.equal(words().t('desktop.tray.open'), '打开 Slipway');
  system = ['de-DE', 'en-GB'];
  assert.equal(words().t('desktop.tray.open'), 'Open Slipway');
  choice = 'zh-CN';
  assert.equal(words().t('desktop.tray.quit'), '退出 Slipway');
  assert.equal(words(), words(), 'one translator per language');
  choice = 'en';
  assert.equal(trayModel(idle, words()).tooltip, 'Slipway — idle');
});

test('menu, quit question, background notice and build notifications in both languages', () => {
  const en = shellWords(() => 'en', () => [])();
  const zh = shellWords(() => 'zh-CN', () => [])();
  assert.deepEqual(applicationMenuLabels(en, '1.2.3'), { file: 'File', closeWindow: 'Close Window', quit: 'Quit Slipway', readme: 'Slipway README', openLogs: 'Open Logs Folder', version: 'Version 1.2.3' });
  assert.deepEqual(applicationMenuLabels(zh, '1.2.3'), { file: '文件', closeWindow: '关闭窗口', quit: '退出 Slipway', readme: 'Slipway 说明文档', openLogs: '打开日志文件夹', version: '版本 1.2.3' });

  assert.deepEqual(exitQuestion(2, 'quit', zh).buttons, ['构建结束后退出', '停止构建并退出', '取消']);
  assert.equal(exitQuestion(1, 'restart', zh).message, '还有 1 个构建正在运行。');
  assert.equal(backgroundNotice(zh).title, 'Slipway 在后台继续构建');

  const build = { number: 7, status: 'succeeded' as const, ref: { kind: 'branch' as const, name: 'main' }, commit: '0123456789abcdef', tags: [{ tag: 'latest' }, { tag: 'v1' }], error: null };
  assert.deepEqual(buildEndNotice(build, en), { title: 'Build #7 succeeded', body: 'branch main at 0123456 → latest, v1' });
  assert.deepEqual(buildEndNotice(build, zh), { title: '构建 #7 成功', body: '分支 main，提交 0123456 → latest, v1' });
  const failed = { ...build, status: 'failed' as const, tags: [], error: { message: 'exit code 2' } };
  assert.deepEqual(buildEndNotice(failed, en), { title: 'Build #7 failed', body: 'branch main at 0123456 — exit code 2' });
  assert.equal(buildEndNotice({ ...failed, status: 'canceled' as const, error: null }, en).title, 'Build #7 was canceled');
});
