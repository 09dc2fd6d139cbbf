// A docker credential helper for tests: speaks docker-credential-helpers' protocol (store, get,
// erase, list on stdin/stdout), keeps credentials in a JSON file and records every call verbatim
// in calls.jsonl, all under SLIPWAY_TEST_HELPER_DIR.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.SLIPWAY_TEST_HELPER_DIR;
if (!dir) {
  process.stdout.write('SLIPWAY_TEST_HELPER_DIR is not set\n');
  process.exit(1);
}
const command = process.argv[2];
const input = fs.readFileSync(0, 'utf8');
fs.appendFileSync(path.join(dir, 'calls.jsonl'), JSON.stringify({ command, input }) + '\n');
const file = path.join(dir, 'store.json');
const store = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
const save = () => fs.writeFileSync(file, JSON.stringify(store));
const missing = () => {
  process.stdout.write('credentials not found in native keychain\n');
  process.exit(1);
};

switch (command) {
  case 'store': {
    const c = JSON.parse(input);
    store[c.ServerURL] = { Username: c.Username, Secret: c.Secret };
    save();
    break;
  }
  case 'get': {
    const entry = store[input.trim()];
    if (!entry) missing();
    process.stdout.write(JSON.stringify({ ServerURL: input.trim(), ...entry }));
    break;
  }
  case 'erase': {
    if (!store[input.trim()]) missing();
    delete store[input.trim()];
    save();
    break;
  }
  case 'list':
    process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(store).map(([k, v]) => [k, v.Username]))));
    break;
  default:
    process.stdout.write(`unknown command ${command}\n`);
    process.exit(1);
}
