export { LineSink, goTimestamp, type LineSinkOptions } from './line-sink';
export { CONTROLLER_RUNTIME_LOG, LogSources, MACHINED_LOG } from './log-sources';
export { DEFAULT_CAPACITY, LineRingBuffer, type FollowOptions } from './ring-buffer';
