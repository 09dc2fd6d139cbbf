import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keepSessionToken } from '../../../src/renderer/src/api/session-token';

test('the boot script keeps the address’s token for the tab, and nothing from an address without one', () => {
  const kept = new Map<string, string>();
  const storage = { setItem: (key: string, value: string) => void kept.set(key, value) };
  keepSessionToken('#/builds', storage);
  keepSessionToken('', storage);
  keepSessionToken('#token=', storage);
  assert.equal(kept.size, 0);
  keepSessionToken('#token=abc_DEF-123', storage);
  assert.deepEqual([...kept.values()], ['abc_DEF-123']);
  // A newer address pasted into the tab replaces it.
  keepSessionToken('#token=zzz', storage);
  assert.deepEqual([...kept.values()], ['zzz']);
});
