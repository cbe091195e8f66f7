import type { Migration } from '../../../common/node/migration.ts';

/**
 * The audit chain becomes keyed: `key_id` names the audit key whose
 * HMAC-SHA-256 is the entry's `hash` (the key itself lives outside the
 * database, in the data folder's audit-key.json). Entries written before are
 * left as they are, NULL here, and still verify as plain SHA-256; the server
 * then appends an 'audit-chain-keyed' marker, the first keyed entry. Once the
 * chain is keyed, no unkeyed entry may follow.
 */
export const migration007: Migration = {
  version: 7,
  name: 'audit-chain-keys',
  up(db) {
    db.exec(`
      ALTER TABLE audit_log ADD COLUMN key_id TEXT;
      CREATE TRIGGER audit_log_stays_keyed BEFORE INSERT ON audit_log
        WHEN NEW.key_id IS NULL AND EXISTS (SELECT 1 FROM audit_log WHERE key_id IS NOT NULL)
        BEGIN SELECT RAISE(ABORT, 'the audit chain is keyed: every new entry needs an audit key'); END;
    `);
  },
};
