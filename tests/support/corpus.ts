/**
 * The shared corpus of real public PDFs lives beside the repository
 * (`../shared/corpus`), never inside it: tests read it at run time.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const corpusDir = process.env.CHAMBER_CORPUS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'corpus');

/** Absolute path of a corpus file; throws a clear error when the corpus is not laid out beside the repo. */
export function corpusPath(fileName: string): string {
  const file = path.join(corpusDir, fileName);
  if (!existsSync(file)) {
    throw new Error(`Corpus file missing: ${file} (the tests expect ../shared/corpus beside the repository, or CHAMBER_CORPUS_DIR)`);
  }
  return file;
}
