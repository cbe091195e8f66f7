import type { Migration } from '../../../common/node/migration.ts';

/**
 * The clerk's workspace:
 * - `committee_defaults`: venue, usual start time and standing items a new meeting starts with;
 * - `exemption_reasons`: the grounds on which an item may be exempt from publication, configurable by an
 *   administrator; for England the seven paragraphs of Part 1 of Schedule 12A to the Local Government Act 1972;
 * - `items.number_overridden`: 0 while an item's number follows its place in the agenda. Items from before this
 *   migration were numbered by hand, so they keep their numbers (1).
 */
export const migration009: Migration = {
  version: 9,
  name: 'clerk-workspace',
  up(db) {
    db.exec(`
      CREATE TABLE committee_defaults (
        committee_id TEXT PRIMARY KEY REFERENCES committees(id),
        venue TEXT,
        start_time TEXT CHECK (start_time IS NULL OR start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        -- A JSON array of titles, in agenda order.
        standing_items TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE exemption_reasons (
        position INTEGER PRIMARY KEY,
        label TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL
      );
      ALTER TABLE items ADD COLUMN number_overridden INTEGER NOT NULL DEFAULT 1;
    `);
    const insert = db.prepare('INSERT INTO exemption_reasons (position, label, description) VALUES (?, ?, ?)');
    schedule12A.forEach((description, index) => insert.run(index, `Paragraph ${index + 1}, Schedule 12A`, description));
  },
};

/** Local Government Act 1972, Schedule 12A, Part 1 (England), paragraphs 1 to 7 as amended in 2006. */
const schedule12A = [
  'Information relating to any individual.',
  'Information which is likely to reveal the identity of an individual.',
  'Information relating to the financial or business affairs of any particular person (including the authority holding that information).',
  'Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter arising between the authority or a Minister of the Crown and employees of, or office holders under, the authority.',
  'Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings.',
  'Information which reveals that the authority proposes (a) to give under any enactment a notice under or by virtue of which requirements are imposed on a person; or (b) to make an order or direction under any enactment.',
  'Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime.',
];
