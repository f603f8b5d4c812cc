import type { JobService } from '../jobs/jobService';
import type { DomainHandlers } from '../rpc/handlerTypes';

export interface JobServices {
  jobs: JobService;
}

export function jobHandlers(s: JobServices) {
  return {
    'jobs.list': async () => s.jobs.list(),
    'jobs.get': async ({ id }) => s.jobs.get(id),
    'jobs.create': async (input) => s.jobs.create(input),
    'jobs.update': async ({ id, job }) => s.jobs.update(id, job),
    'jobs.delete': async ({ id }) => ({ deleted: await s.jobs.delete(id) }),
    'jobs.setEnabled': async ({ id, enabled }) => s.jobs.setEnabled(id, enabled),
    'jobs.runNow': async ({ id }) => s.jobs.runNow(id),
    'jobs.preview': async ({ trigger, count, from }) => ({ runs: s.jobs.preview(trigger, count, from) }),
    'jobs.machine': async () => s.jobs.machineState(),
  } satisfies DomainHandlers<'jobs'>;
}

export function runHandlers(s: JobServices) {
  return {
    'runs.list': async (input) => s.jobs.listRuns(input),
    'runs.get': async ({ id }) => s.jobs.runDetail(id),
    'runs.cancel': async ({ id }) => s.jobs.cancel(id),
    'runs.inbox': async () => s.jobs.inbox(),
    'runs.respond': async ({ callId, decision }) => ({ accepted: s.jobs.respond(callId, decision) }),
  } satisfies DomainHandlers<'runs'>;
}
