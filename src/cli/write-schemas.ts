// Build step: writes schema/*.schema.json from the zod schemas, for editors' YAML servers.
import { writeFileSync, mkdirSync } from 'node:fs';
import { z } from 'zod';
import { profileSchemas } from '../domain/profile/profile-schema.js';
import { runbookSchemas } from '../domain/runbook/runbook-schema.js';

const schemas: Record<string, z.ZodType> = { profile: profileSchemas().profileSchema, runbook: runbookSchemas().runbookSchema };

mkdirSync('schema', { recursive: true });
for (const [name, schema] of Object.entries(schemas)) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  writeFileSync(`schema/${name}.schema.json`, JSON.stringify({ title: `opsdeck ${name}`, ...json }, null, 2) + '\n');
}
