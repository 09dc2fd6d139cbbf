import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ansiSegments,
  firstMatchAtOrAfter,
  logTextParts,
  markMatches,
  matchLimit,
  paletteColour,
  plainText,
  rangesOnLine,
  searchLines,
  stepLineIndex,
} from '../../../src/renderer/src/features/builds/log-text';
import { isInternalStep, stepDurationMs, stepState } from '../../../src/renderer/src/features/builds/step-format';
import { formatsIn } from '../../support/formats';
import type { BuildStep } from '../../../src/shared/models/build';

describe('ANSI to segments', () => {
  test('colours, bold and reset become styles; the text stays text', () => {
    const segments = ansiSegments('\x1b[1;31mERROR\x1b[0m: <script>alert(1)</script> & \x1b[32mok\x1b[0m');
    assert.deepEqual(segments.map((s) => s.text), ['ERROR', ': <script>alert(1)</script> & ', 'ok']);
    assert.equal(segments[0]?.style.fg, 'var(--ansi-red)');
    assert.equal(segments[0]?.style.bold, true);
    assert.equal(segments[1]?.style.fg, null);
    assert.equal(segments[1]?.style.bold, false);
    assert.equal(segments[2]?.style.fg, 'var(--ansi-green)');
  });

  test('256 colours, true colour, backgrounds and reverse video', () => {
    const [orange, truecolour, bg, reversed] = ansiSegments('\x1b[38;5;208ma\x1b[0m\x1b[38;2;10;20;30mb\x1b[0m\x1b[44mc\x1b[0m\x1b[7;33md\x1b[0m');
    assert.equal(orange?.style.fg, 'rgb(255, 135, 0)');
    assert.equal(truecolour?.style.fg, 'rgb(10, 20, 30)');
    assert.equal(bg?.style.bg, 'var(--ansi-blue)');
    assert.equal(bg?.style.fg, null, 'a true colour does not leak into the next segment');
    assert.equal(reversed?.style.bg, 'var(--ansi-yellow)');
    assert.equal(paletteColour(1), 'var(--ansi-red)');
    assert.equal(paletteColour(232), 'rgb(8, 8, 8)');
  });

  test('hyperlinks, cursor moves and control characters are removed', () => {
    const line = '\x1b[2K\x1b[1Gsee \x1b]8;;https://example.test\x07the docs\x1b]8;;\x07\x00 now\x1b[K';
    assert.equal(plainText(line), 'see the docs now');
    assert.equal(ansiSegments(line).map((s) => s.text).join(''), 'see the docs now');
    assert.equal(plainText('bell\x07 tab\tkept'), 'bell tab\tkept');
  });
});

describe('search', () => {
  const lines = ['#1 [1/2] FROM busybox', '#2 0.1 \x1b[31mError\x1b[0m: error again', 'nothing', '#2 ERROR: exit code: 1'];

  test('case-insensitive literal matches at plain-text offsets, escapes ignored', () => {
    const state = searchLines(lines, 'error');
    assert.deepEqual(state.matches, [
      { line: 1, start: 7, end: 12 },
      { line: 1, start: 14, end: 19 },
      { line: 3, start: 3, end: 8 },
    ]);
    assert.equal(searchLines(lines, 'a.b').matches.length, 0, 'the query is not a regular expression');
    assert.equal(searchLines(lines, '').matches.length, 0);
  });

  test('a growing log is searched from where the last search stopped', () => {
    const first = searchLines(lines, 'error');
    const grown = [...lines, 'another ERROR'];
    const next = searchLines(grown, 'error', first);
    assert.equal(next.scanned, 5);
    assert.deepEqual(next.matches.at(-1), { line: 4, start: 8, end: 13 });
    assert.equal(first.matches.length, 3, 'the previous state is not changed');
    assert.equal(searchLines(grown, 'exit', first).matches.length, 1, 'a new query starts over');
  });

  test('matches are capped; navigation helpers find matches by line', () => {
    const many = Array.from({ length: matchLimit + 10 }, (_, i) => `line ${i} x`);
    const state = searchLines(many, 'x');
    assert.equal(state.matches.length, matchLimit);
    assert.equal(state.capped, true);
    const found = searchLines(lines, 'error');
    assert.equal(firstMatchAtOrAfter(found.matches, 2), 2);
    assert.equal(firstMatchAtOrAfter(found.matches, 9), 3);
    assert.deepEqual(rangesOnLine(found.matches, 1, 1), [
      { start: 7, end: 12, current: false },
      { start: 14, end: 19, current: true },
    ]);
  });

  test('highlights split styled segments at match edges', () => {
    const line = lines[1]!;
    const marked = markMatches(ansiSegments(line), rangesOnLine(searchLines([line], 'error').matches, 0, 0));
    assert.deepEqual(
      marked.map((s) => [s.text, s.match, s.fg]),
      [
        ['#2 0.1 ', 'none', null],
        ['Error', 'current', 'var(--ansi-red)'],
        [': ', 'none', null],
        ['error', 'match', null],
        [' again', 'none', null],
      ],
    );
    const across = markMatches(ansiSegments('ab\x1b[32mcd\x1b[0mef'), [{ start: 1, end: 5, current: false }]);
    assert.deepEqual(across.map((s) => [s.text, s.match]), [['a', 'none'], ['b', 'match'], ['cd', 'match'], ['e', 'match'], ['f', 'none']]);
  });
});

describe('text for copy, download and step links', () => {
  test('parts join to the plain log, one line per line', () => {
    const lines = Array.from({ length: 5 }, (_, i) => `\x1b[1mline ${i}\x1b[0m`);
    const parts = logTextParts(lines, 2);
    assert.equal(parts.length, 3);
    assert.equal(parts.join(''), 'line 0\nline 1\nline 2\nline 3\nline 4\n');
  });

  test('a step name finds its block header, not its output', () => {
    const lines = ['#1 [1/2] FROM busybox', '#1 DONE 0.0s', '', '#2 0.1 #2 [2/2] RUN x', '#2 [2/2] RUN x'];
    assert.equal(stepLineIndex(lines, '[2/2] RUN x'), 4);
    assert.equal(stepLineIndex(lines, '[1/2] FROM busybox'), 0);
    assert.equal(stepLineIndex(lines, '[3/3] RUN y'), -1);
  });
});

describe('step list helpers', () => {
  const step = (over: Partial<BuildStep>): BuildStep => ({ id: 'sha256:a', name: '[1/2] RUN x', platform: null, cached: false, startedAt: null, completedAt: null, error: null, ...over });
  const t = '2026-11-25T08:00:00.000Z';

  test('states and durations, live while running', () => {
    assert.equal(stepState(step({})), 'pending');
    assert.equal(stepState(step({ startedAt: t })), 'running');
    assert.equal(stepState(step({ startedAt: t, completedAt: t, cached: true })), 'cached');
    assert.equal(stepState(step({ startedAt: t, completedAt: t, error: 'exit code: 1' })), 'failed');
    assert.equal(stepState(step({ startedAt: t, completedAt: t, error: 'context canceled' })), 'canceled');
    assert.equal(stepDurationMs(step({}), Date.parse(t)), null);
    assert.equal(stepDurationMs(step({ startedAt: t }), Date.parse(t) + 1500), 1500);
    assert.equal(stepDurationMs(step({ startedAt: t, completedAt: '2026-11-25T08:00:00.400Z' }), Date.parse(t) + 99_999), 400);
  });

  test('step durations read in the page’s language: milliseconds, tenths while short, then minutes and hours', () => {
    const en = formatsIn('en');
    assert.equal(en.duration(0), '0 ms');
    assert.equal(en.duration(449), '449 ms');
    assert.equal(en.duration(1_249), '1.2 s');
    assert.equal(en.duration(12_345), '12 s');
    assert.equal(en.duration(65_000), '1 min 5 s');
    assert.equal(en.duration(3_725_000), '1 h 2 min');
    assert.equal(formatsIn('zh-CN').duration(65_000), '1 分 5 秒');
  });

  test('internal steps', () => {
    assert.equal(isInternalStep(step({ name: '[internal] load build definition from Dockerfile' })), true);
    assert.equal(isInternalStep(step({ name: '[linux/arm64 internal] load metadata for docker.io/library/alpine' })), true);
    assert.equal(isInternalStep(step({ name: 'exporting to image' })), true);
    assert.equal(isInternalStep(step({ name: '[linux/arm64 2/3] RUN make' })), false);
    assert.equal(isInternalStep(step({ name: '[linux/arm64] exporting to image', platform: 'linux/arm64' })), true, 'one platform of several: its export');
    assert.equal(isInternalStep(step({ name: '[1/2] FROM busybox' })), false);
    assert.equal(isInternalStep(step({ id: 'slipway-test-0', name: 'Test before push: ./run-tests.sh' })), false, 'a test before push is shown as the user’s own step');
  });
});
