// Appends N audit entries as fast as it can: several of these at once test serialization.
import { AuditLog } from '../../src/adapters/fs/audit-log.js';
import { createRedactor } from '../../src/domain/text/redaction.js';

const [, , who, count, size] = process.argv;
const log = new AuditLog({ redactor: createRedactor(['hunter2-secret']) });
for (let i = 0; i < Number(count); i++) {
  log.append({ action: 'step.finish', runbook: 'race', step: `${who}-${i}`, command: `deploy --password=abc --token hunter2-secret`, outcome: 'ok', ...(size ? { detail: 'x'.repeat(Number(size)) } : {}) });
}
