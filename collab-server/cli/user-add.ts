import path from 'node:path';
import { hashPassword } from '../auth/passwords.ts';
import { openDatabase } from '../db/database.ts';
import { insertUser } from '../store/accounts.ts';
import { CreateUserRequest } from '../../common/wire.ts';
import { z } from 'zod';
import { databaseFile } from '../server.ts';

export interface UserAddOptions {
  dataDir: string;
  username: string;
  displayName: string;
  password: string;
  isAdmin: boolean;
}

/** Creates an account directly in the data folder (the way to make the first administrator). */
export async function addUser(opts: UserAddOptions): Promise<{ id: string; username: string }> {
  const parsed = CreateUserRequest.safeParse({ username: opts.username, displayName: opts.displayName, password: opts.password, isAdmin: opts.isAdmin });
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  const passwordHash = await hashPassword(parsed.data.password);
  const db = openDatabase(databaseFile(path.resolve(opts.dataDir)));
  try {
    const user = insertUser(db, { username: parsed.data.username, displayName: parsed.data.displayName, passwordHash, isAdmin: parsed.data.isAdmin });
    return { id: user.id, username: user.username };
  } finally {
    db.close();
  }
}
