import type { Enricher } from './types.js';

/** Reads the consultation's recalibration of review suggestions once per batch, for the policy. */
export const suggestionCalibrationEnricher: Enricher = {
  id: 'calibration',
  provides: ['suggestionCalibration'],
  async enrich(batch, { stores }) {
    const cid = batch[0]?.consultation.id;
    if (!cid) return;
    const calibration = await stores.calibrations.read(cid);
    for (const input of batch) input.evidence.suggestionCalibration = calibration;
  },
};
