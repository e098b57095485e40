import { loadContentModels } from '../../../models/checks/content-models.js';
import { triage } from '../../../models/pipeline.js';
import { Policy } from '../../../models/schemas.js';
import { consultationFor, inputFor } from '../../support/check-input.js';

beforeAll(() => loadContentModels());

const TOXIC = 'Il faut que le maire démissionne, ce connard, cet enfoiré';

describe('per-consultation check settings', () => {
  test('by default a confident check rejects automatically', () => {
    const result = triage(inputFor(TOXIC));
    expect(result.status).toBe('rejected');
    expect(result.automatic).toEqual({ outcome: 'reject', reason: 'toxic' });
  });

  test('a refusal decided by a rule is named by a toxic finding from its namesRefusalAt on', () => {
    const prefixed = consultationFor({ rules: { minLength: 12, maxLength: 140, requiredPrefix: 'Il faut' } });
    const result = triage(inputFor('ces gauchistes et ces fachos nous pourrissent la vie', prefixed));
    expect(result.outcomes.find((o) => o.check === 'toxic')?.score).toBeLessThan(0.8);
    expect(result.automatic).toEqual({ outcome: 'reject', reason: 'toxic' });
    // without a toxic finding the rule names it
    expect(triage(inputFor('Renforcer les moyens de la justice', prefixed)).automatic).toEqual({ outcome: 'reject', reason: 'missing_prefix' });
  });

  test('in shadow mode the check reports its finding but changes no decision', () => {
    const consultation = consultationFor({ policy: Policy.parse({ checks: { toxic: { enabled: true, shadow: true, autoDecide: true } } }) });
    const result = triage(inputFor(TOXIC, consultation));
    expect(result.status).toBe('accepted');
    expect(result.suggestion.outcome).toBe('accept');
    expect(result.suggestion.reasons).toEqual([expect.objectContaining({ code: 'toxic', check: 'toxic', shadow: true })]);
  });

  test('without autoDecide the finding goes to a moderator instead of rejecting', () => {
    const consultation = consultationFor({ policy: Policy.parse({ checks: { toxic: { enabled: true, shadow: false, autoDecide: false } } }) });
    const result = triage(inputFor(TOXIC, consultation));
    expect(result.status).toBe('pending_review');
    expect(result.suggestion.outcome).toBe('reject');
  });

  test('a disabled check does not run', () => {
    const consultation = consultationFor({ policy: Policy.parse({ checks: { toxic: { enabled: false, shadow: false, autoDecide: true } } }) });
    const result = triage(inputFor(TOXIC, consultation));
    expect(result.suggestion.reasons.map((r) => r.code)).not.toContain('toxic');
  });
});
