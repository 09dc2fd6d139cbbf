import type { BuildSessionPort, TracePort } from './ports';
import { openBuildSession } from './session';
import { FileSyncMethod } from './session/filesync';
import { BuildTrace } from './trace';

/** The decoder for `POST /build?version=2` responses. */
export const traceAdapter: TracePort = { create: (labels) => new BuildTrace(labels) };

/** Slipway's own BuildKit session: registry logins and build secrets served to the engine. */
export const sessionAdapter: BuildSessionPort = {
  async open(engine, options) {
    const session = await openBuildSession({
      engine,
      credentials: options.credentials,
      secrets: options.secrets,
      signal: options.signal,
      ...(options.fileSync ? { fileSync: options.fileSync.source, sharedKey: options.fileSync.sharedKey } : {}),
      onCall: (call) => {
        // Only what was asked for, never a value: this goes into the build log.
        if (call.host) options.onCall(`Session: the builder asked for the login to ${call.host} (${call.supplied ? 'given' : 'none stored, anonymous'})`);
        else if (call.secretId) options.onCall(`Session: the builder read the secret “${call.secretId}”${call.code === 0 ? '' : ' (not found)'}`);
        else if (call.method === FileSyncMethod.diffCopy && call.code !== 0) options.onCall(`Session: a context transfer ended with gRPC status ${call.code}`);
      },
    });
    return { id: session.id, close: () => session.close() };
  },
};
