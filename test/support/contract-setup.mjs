// Jest globalSetup: the folder where each test process appends the responses contract.ts validated.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  process.env.CONTRACT_DIR = mkdtempSync(join(tmpdir(), 'openapi-contract-'));
}
