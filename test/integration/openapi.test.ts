/** The OpenAPI document as served: the Redocly linter's recommended rules find no error, every operation is
 * named and secured, every error status has a problem body, and the contract check (test/support/contract.ts,
 * applied to every answer of svc.call) fails on an answer that contradicts the document. */
import { describe, expect, it } from '@jest/globals';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Contract } from '../support/contract.js';
import { URSSAF, serviceForSuite } from '../support/service.js';

const { svc } = serviceForSuite();
const document = async () => (await svc.call('GET', '/v1/openapi.json', undefined, null)).body;

describe('the OpenAPI document', () => {
  it('passes the Redocly linter (recommended rules) with no error', async () => {
    const problems = await lintFromString({
      source: JSON.stringify(await document()), absoluteRef: '/v1/openapi.json', config: await createConfig({ extends: ['recommended'] }),
    });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });

  it('names and secures every operation, gives every error status a problem body, and sets its servers', async () => {
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const operations = Object.entries<any>(doc.paths).flatMap(([path, ops]) => Object.entries<any>(ops).map(([method, op]) => ({ at: `${method} ${path}`, op })));
    expect(operations.length).toBeGreaterThan(30);
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(operations.length);
    for (const { at, op } of operations) {
      expect({ at, id: typeof op.operationId, security: Array.isArray(op.security) }).toEqual({ at, id: 'string', security: true });
      for (const [status, response] of Object.entries<any>(op.responses)) {
        if (Number(status) < 400) continue;
        expect({ at, status, schema: response.content?.['application/problem+json']?.schema }).toEqual({ at, status, schema: { $ref: '#/components/schemas/Problem' } });
      }
    }
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('"allOf"');
  });

  it('is what the contract check holds real answers to, and that check fails on a contradiction', async () => {
    await svc.call('PUT', '/v1/consultations/contract', URSSAF);
    const contract = new Contract(await document());
    const real = await fetch(`${svc.base}/v1/consultations/contract`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
    const answer = { method: 'GET', path: '/v1/consultations/contract', status: real.status, contentType: real.headers.get('content-type'), text: await real.text() };
    expect(contract.check(answer)).toBe(true);
    const { version: _version, ...withoutVersion } = JSON.parse(answer.text);
    expect(() => contract.check({ ...answer, text: JSON.stringify(withoutVersion) })).toThrow(/does not match its schema/);
    expect(() => contract.check({ ...answer, text: JSON.stringify({ ...withoutVersion, version: 1, surprise: true }) })).toThrow(/does not match its schema/);
    expect(() => contract.check({ ...answer, status: 418 })).toThrow(/418 is not documented/);
    expect(() => contract.check({ ...answer, contentType: 'text/html' })).toThrow(/answered text\/html/);
    expect(contract.check({ ...answer, path: '/not/an/operation' })).toBe(false);
    expect(contract.validated).toBe(1);
  });
});
