/**
 * What the moderator page reads besides the review API, through the real app on a real Redis: its settings and
 * the one catalogue of reason words.
 */
import { describe, expect, it } from '@jest/globals';
import { REASON_CODES } from '../../models/schemas.js';
import { CATALOGUE_LANGUAGES, reasonLabels } from '../../models/reason-catalogue.js';
import { serviceForSuite } from '../support/service.js';

const { svc } = serviceForSuite({ BRAND_NAME: 'Ville-Exemple' });

describe('GET /v1/ui', () => {
  it('serves the reason labels of the catalogue in every language, for every reason code, without signing in', async () => {
    const { status, body } = await svc.call('GET', '/v1/ui', undefined, null);
    expect(status).toBe(200);
    expect(body.brand).toBe('Ville-Exemple');
    expect(body.reasonCodes).toEqual([...REASON_CODES]);
    expect(Object.keys(body.reasons).sort()).toEqual([...CATALOGUE_LANGUAGES].sort());
    for (const lang of CATALOGUE_LANGUAGES) expect(Object.keys(body.reasons[lang]).sort()).toEqual([...REASON_CODES].sort());
    expect(body.reasons).toEqual(reasonLabels());
    expect(body.reasons.fr.toxic).toBe('Injurieuse ou agressive');
    expect(body.reasons.de.off_topic).toBe('Themenfremd');
  });
});
