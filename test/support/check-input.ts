/** A CheckInput for one text, as the triage worker prepares it (no enricher evidence). */
import { prepareInput } from '../../models/pipeline.js';
import { Consultation, type ConsultationInput } from '../../models/schemas.js';
import type { CheckInput } from '../../models/checks/types.js';

export function consultationFor(overrides: Partial<ConsultationInput> = {}): Consultation {
  return Consultation.parse({
    id: 'unit', version: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
    question: 'Comment lutter contre les violences faites aux femmes ?', ...overrides,
  });
}

export function inputFor(text: string, consultation: Consultation = consultationFor()): CheckInput {
  return prepareInput({ id: 'unit~1', externalId: 'e-1', text }, consultation);
}
