import type { Migration } from '../../../common/node/migration.ts';
import { migration001 } from './001-council-data.ts';
import { migration002 } from './002-audit-log.ts';
import { migration003 } from './003-yjs-updates.ts';
import { migration004 } from './004-declarations.ts';
import { migration005 } from './005-page-search.ts';
import { migration006 } from './006-meeting-session.ts';
import { migration007 } from './007-audit-chain-keys.ts';
import { migration008 } from './008-public-record.ts';
import { migration009 } from './009-clerk-workspace.ts';
import { migration010 } from './010-minutes.ts';
import { migration011 } from './011-substitutes-and-officers.ts';
import { migration012 } from './012-agenda-packs.ts';

/** Every migration, in order. Append new ones here; never edit one that has shipped. */
export const allMigrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012];
