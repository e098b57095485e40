import { createConfig, lintFromString } from '@redocly/openapi-core';
import { readFileSync } from 'node:fs';
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source: readFileSync(process.argv[2], 'utf8'), absoluteRef: '/openapi.json', config });
const count = {};
for (const p of problems) { const k = `${p.severity} ${p.ruleId}`; count[k] = (count[k] ?? 0) + 1; }
console.log(count);
for (const p of problems.slice(0, 8)) console.log(p.severity, p.ruleId, p.message, JSON.stringify(p.location?.[0]?.pointer));
