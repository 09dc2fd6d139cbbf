/**
 * A git smart-HTTP server in its own process, so the benchmark's CPU figures hold only the
 * watcher's cost, not git-http-backend's. Prints {"urls": [...]} once `count` repositories exist.
 */
import { startGitServer } from '../../test/support/git-server';

const count = Number(process.argv[2] ?? '10');
const server = await startGitServer();
const urls: string[] = [];
for (let i = 0; i < count; i++) {
  urls.push(server.createRepo(`bench/r${i}`));
  server.commit(`bench/r${i}`, 'main', { 'app.txt': String(i) });
}
process.stdout.write(`${JSON.stringify({ urls })}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
