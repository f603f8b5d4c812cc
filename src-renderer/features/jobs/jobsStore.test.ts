import { describe, expect, it } from 'vitest';
import { OutpostError, type Job } from '@contract';
import { createFakeBridge } from '../../testing/fakeBridge';
import { createJobsStore } from './jobsStore';

// Only the fields the store reads; the rest of a job does not matter to the switch.
const job = { id: 'digest', name: 'Digest', enabled: true } as Job;

function setup(setEnabled: () => Promise<Job>) {
  const bridge = createFakeBridge({
    'jobs.list': async () => [job],
    'runs.inbox': async () => [],
    'jobs.setEnabled': setEnabled,
  });
  const store = createJobsStore(() => bridge);
  return { store };
}

describe('jobs store', () => {
  it('moves the enabled switch at once, before the host answers', async () => {
    let answer: (value: Job) => void = () => undefined;
    const { store } = setup(() => new Promise((resolve) => (answer = resolve)));
    await store.getState().refresh();
    const pending = store.getState().setEnabled('digest', false);
    expect(store.getState().jobs[0]?.enabled).toBe(false);
    answer({ ...job, enabled: false });
    await pending;
    expect(store.getState().jobs[0]?.enabled).toBe(false);
  });

  it('puts the switch back and shows the error when the host refuses', async () => {
    const { store } = setup(async () => {
      throw new OutpostError('not_found', 'No job digest');
    });
    await store.getState().refresh();
    await expect(store.getState().setEnabled('digest', false)).rejects.toThrow('No job digest');
    expect(store.getState().jobs[0]?.enabled).toBe(true);
    expect(store.getState().error).toMatchObject({ code: 'not_found' });
  });
});
