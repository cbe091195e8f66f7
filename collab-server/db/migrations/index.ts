import type { Migration } from '../migration.ts';
import { migration001 } from './001-council-data.ts';

/** Every migration, in order. Append new ones here. */
export const allMigrations: readonly Migration[] = [migration001];
