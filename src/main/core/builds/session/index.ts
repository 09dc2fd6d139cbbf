/**
 * Slipway's own BuildKit session: what the docker CLI attaches to a build so the engine can ask the
 * client for registry logins (private base images, `pull=1`) and for `RUN --mount=type=secret`
 * values. Open one per build, pass its id as `session` on POST /build, close it when the build ends.
 *
 *   const session = await openBuildSession({
 *     engine: builder,                        // { endpoint: 'unix:///var/run/docker.sock' } or tcp:// with tls
 *     name: 'my-repo',
 *     credentials: (host) => logins.get(host) ?? null,   // { username, secret } or null for anonymous
 *     secrets: new Map([['npm_token', Buffer.from(token)]]),
 *     signal: build.abortSignal,
 *     onCall: (call) => log(`session: ${call.method} ${call.host ?? call.secretId ?? ''} → ${call.code}`),
 *   });
 *   try {
 *     await docker.buildImage(context, { version: '2', session: session.id, pull: '1', ... });
 *   } finally {
 *     await session.close();
 *   }
 */
export { openBuildSession, type BuildSession, type BuildSessionOptions } from './session';
export { SessionMethod, type CredentialsLookup, type RegistryCredentials, type SessionCall, type SessionServices } from './services';
export type { EngineConnection } from './upgrade';
export { FileSyncMethod, serveDiffCopy, type ContentStream, type FileSyncSource, type FileSyncTransfer, type SyncedDir } from './filesync';
export { PacketType, GoFileMode, type FileStat, type Packet } from './filesync-wire';
