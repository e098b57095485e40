/**
 * The OpenAPI contract, checked on every answer the integration suites receive through `svc.call`
 * (service.ts): the response is matched to the operation of the document the service serves
 * (`/v1/openapi.json`), then its status, media type and body are checked against that operation's
 * response with Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1). A mismatch throws, so the test that
 * made the call fails, naming the operation and the errors. Each validated response is appended to a file
 * of CONTRACT_DIR (made by contract-global.mjs, which prints the total at the end of `npm test`).
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020Module, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// CommonJS modules whose module.exports carries itself as `default`.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

interface Operation { method: string; template: string; pattern: RegExp; params: number; responses: Record<string, { content?: Record<string, unknown> }> }
export interface Answer { method: string; path: string; status: number; contentType: string | null; text: string }

const DOC_ID = 'openapi.json';
const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
const isJson = (media: string) => media === 'application/json' || media.endsWith('+json');

export class Contract {
  private readonly ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  validated = 0;

  constructor(doc: { paths?: Record<string, Record<string, { responses: Operation['responses'] }>> }) {
    addFormats(this.ajv);
    this.ajv.addSchema(doc as object, DOC_ID);
    for (const [template, methods] of Object.entries(doc.paths ?? {})) {
      const source = template.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/]+');
      for (const [method, op] of Object.entries(methods)) {
        this.operations.push({ method: method.toUpperCase(), template, pattern: new RegExp(`^${source}$`), params: template.split('{').length - 1, responses: op.responses });
      }
    }
    // A static segment wins over a parameter (`/groups/split` before `/groups/{gid}`), as in the router.
    this.operations.sort((a, b) => a.params - b.params);
  }

  /** Throws when the answer contradicts the document; answers false for a request no operation describes
   * (the web pages, an unknown path), true when it was validated. */
  check(answer: Answer): boolean {
    const path = answer.path.split('?')[0]!;
    const op = this.operations.find((o) => o.method === answer.method && o.pattern.test(path));
    if (!op) return false;
    const where = `${answer.method} ${op.template} → ${answer.status}`;
    const statusKey = [String(answer.status), `${String(answer.status)[0]}XX`, 'default'].find((k) => op.responses[k]);
    if (!statusKey) throw new Error(`OpenAPI contract: ${where} is not documented (documented: ${Object.keys(op.responses).join(', ')})`);
    const content = op.responses[statusKey]!.content;
    if (!content) {
      if (answer.text !== '') throw new Error(`OpenAPI contract: ${where} documents no body but got ${answer.text.slice(0, 200)}`);
    } else {
      const media = answer.contentType?.split(';')[0]!.trim() ?? '';
      if (!content[media]) throw new Error(`OpenAPI contract: ${where} answered ${media || 'no content type'}, documented: ${Object.keys(content).join(', ')}`);
      if (isJson(media)) this.validate(where, pointer('paths', op.template, op.method.toLowerCase(), 'responses', statusKey, 'content', media, 'schema'), answer.text);
    }
    this.validated++;
    if (process.env.CONTRACT_DIR) appendFileSync(join(process.env.CONTRACT_DIR, `${process.pid}.log`), `${where}\n`);
    return true;
  }

  private validate(where: string, schemaPointer: string, text: string): void {
    let validate = this.validators.get(schemaPointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOC_ID}#/${schemaPointer}` });
      this.validators.set(schemaPointer, validate);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`OpenAPI contract: ${where} is not JSON: ${text.slice(0, 200)}`);
    }
    if (!validate(body)) {
      const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
      throw new Error(`OpenAPI contract: ${where} does not match its schema:\n  ${errors.join('\n  ')}\nbody: ${text.slice(0, 500)}`);
    }
  }
}

const contracts = new Map<string, Promise<Contract>>();

/** The contract of the document the service at `base` serves, read at its first answer. A service without
 * the document (a worker-only process) has no operations: nothing of it is validated. */
export function contractOf(base: string): Promise<Contract> {
  let contract = contracts.get(base);
  if (!contract) {
    contract = fetch(`${base}/v1/openapi.json`).then(async (res) => new Contract(res.ok ? await res.json() as never : {}));
    contracts.set(base, contract);
  }
  return contract;
}
