export { BuildTrace, type BuildFailure, type BuildTraceUpdate } from './build-trace';
export { exitCodeOf, humanSize, isCancellation, platformOfStep } from './format';
export { LineSplitter, visible } from './lines';
export { decodeStatusResponse, encodeStatusResponse, type StatusResponse, type StatusResponseInput, type TraceLog, type TraceStatus, type TraceVertex, type TraceWarning } from './proto';
export { TraceReducer, type StepProgress, type TraceLabels, type TraceUpdate } from './reducer';
export { BuildStreamParser, type BuildStreamEvent } from './stream';
