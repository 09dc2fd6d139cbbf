/**
 * protobufjs, read on first use rather than when the core is loaded: only builds (BuildKit's trace
 * and session) and the builders' capability probe need it, and loading it and building the message
 * types was about a tenth of the core's start (issue 15). The types are built with `onFirstUse`.
 */
import type protobuf from 'protobufjs/light.js';
import { lazyModule } from './lazy-module';

export type Protobuf = typeof protobuf;

/** The reflection-only ("light") protobufjs. */
export const protobufRuntime = lazyModule<Protobuf>('protobufjs/light.js');
