// The service supervisor and its parts; services/ and apps/ import from here.
export * from './service';
export { Supervisor, type SupervisorOptions } from './supervisor';
export { ServiceRunner, type ServiceRunnerOptions } from './service-runner';
export { waitForAll, waitForService, AbortedError, type ServiceStateEvent } from './conditions';
export { EventHistory, MAX_EVENTS_TO_KEEP } from './event-history';
export {
  DEFAULT_HEALTH_SETTINGS,
  HealthState,
  ZERO_TIME,
  runHealthChecks,
  type HealthChange,
} from './health';
export {
  RestartRunner,
  DEFAULT_RESTART_INTERVAL_MS,
  type RestartPolicy,
  type RestartRunnerOptions,
} from './restart-runner';
export { ProcessRunner, DEFAULT_GRACE_MS, serviceLogFile, type ProcessRunnerOptions } from './process-runner';
export { InProcessRunner, AbortedServiceError, type InProcessRunnerOptions } from './goroutine-runner';
export { ServiceResources, SERVICE_RESOURCE_OWNER } from './service-resources';
