import type { SuggestionCalibration } from '../policy.js';
import type { Enricher } from './types.js';

export const CALIBRATION_ID = 'calibration';

/** Reads the consultation's recalibration of review suggestions once per batch, for the policy. */
export const suggestionCalibrationEnricher: Enricher = {
  id: CALIBRATION_ID,
  async enrich(batch, { stores }) {
    const cid = batch[0]?.consultation.id;
    if (!cid) return;
    const calibration = await stores.calibrations.read(cid);
    for (const input of batch) input.evidence.extra[CALIBRATION_ID] = calibration;
  },
};

export const calibrationOf = (extra: Record<string, unknown>) => extra[CALIBRATION_ID] as SuggestionCalibration | undefined;
