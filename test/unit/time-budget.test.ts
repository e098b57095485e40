import { describe, expect, it } from '@jest/globals';
import { lengthCheck } from '../../models/checks/length.js';
import { prefixCheck } from '../../models/checks/prefix.js';
import type { Check } from '../../models/checks/types.js';
import { TIME_BUDGET, triage } from '../../models/pipeline.js';
import { threadCpuMs } from '../../lib/cpu-clock.js';
import { consultationFor, inputFor } from '../support/check-input.js';

/** the thread's CPU time, or the wall clock where it cannot be measured (as the budget counts) */
const cpuNow = () => threadCpuMs() ?? performance.now();

/** a check that takes `ms` of CPU, as a pathological one would */
const busy = (ms: number): Check => ({
  id: 'busy', kind: 'scored', autoRejectAt: Infinity,
  run() {
    const end = cpuNow() + ms;
    while (cpuNow() < end) { /* burn */ }
    return null;
  },
});

/** a check during which the thread does not run for `ms`, as when an overloaded machine gives it no core */
const descheduled = (ms: number): Check => ({
  id: 'descheduled', kind: 'scored', autoRejectAt: Infinity,
  run() {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    return null;
  },
});

describe('per-proposal time budget', () => {
  // the default policy decides automatically where it can
  const automatic = consultationFor();

  it('past the budget, the remaining checks are skipped and a moderator sees the proposal, told why', () => {
    // too short for the rule: had the length check run, the proposal would be rejected automatically
    const result = triage(inputFor('Il faut', automatic), [busy(30), lengthCheck, prefixCheck], 10);
    expect(result.status).toBe('pending_review');
    expect(result.automatic).toBeNull();
    expect(result.outcomes.map((o) => o.check)).toEqual([TIME_BUDGET]);
    const reason = result.suggestion.reasons.find((r) => r.code === 'other')!;
    expect(reason.detail).toMatch(/^tri interrompu : les contrôles ont dépassé 10 ms, « length » et les suivants/);
  });

  it('within the budget, every check runs as before', () => {
    const result = triage(inputFor('Il faut', automatic), [busy(1), lengthCheck, prefixCheck], 250);
    expect(result.outcomes.map((o) => o.check)).toEqual(['length']);
    expect(result.status).not.toBe('pending_review');
  });

  it('counts CPU time: a thread kept waiting for a core past the budget decides as on an idle machine', () => {
    expect(threadCpuMs()).not.toBeNull(); // Linux (CI): else the budget is wall-clock time and this cannot hold
    const idle = triage(inputFor('Il faut', automatic), [lengthCheck, prefixCheck], 10);
    const loaded = triage(inputFor('Il faut', automatic), [descheduled(40), lengthCheck, prefixCheck], 10);
    expect(loaded.outcomes.map((o) => o.check)).toEqual(['length']);
    expect({ status: loaded.status, automatic: loaded.automatic }).toEqual({ status: idle.status, automatic: idle.automatic });
  });
});
