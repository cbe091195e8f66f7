/**
 * Crawls an OParl 1.1 API the way an OParl client does: from the System object,
 * every external list (every page, by `links.next`) and every object at its id,
 * checking on the way what the specification requires of each response:
 * status 200, JSON without a BOM, `Access-Control-Allow-Origin: *`, every object
 * (embedded ones too) valid against the specification's schemas, list pages with
 * `data`/`pagination`/`links`, `next` on every page but the last and keeping the
 * client's parameters, the same `elementsPerPage` on every page but the last, an
 * object in a list equal to the object at its id, an embedded object retrievable
 * at its id with the same properties, no deleted object embedded, no `null`.
 */
import { type OparlValidator, loadOparlValidator } from './oparl-validator.ts';

type Json = Record<string, unknown>;

export interface CrawledResponse {
  url: string;
  status: number;
  body: string;
}

export interface OparlCrawl {
  /** Each object by id, as its id answered. */
  objects: Map<string, Json>;
  /** Each external list the crawl walked (by the URL it started from, with the crawl's parameters) and the ids it held, in order. */
  lists: Map<string, string[]>;
  /** Object URLs found in properties (references, not lists), with where they were found. */
  references: { from: string; property: string; url: string }[];
  /** Every response read, for looking through what was served. */
  responses: CrawledResponse[];
  /** What broke a rule; empty for a conformant API. */
  problems: string[];
}

export interface CrawlOptions {
  /** Parameters sent with every list (e.g. `{ modified_since, limit }`); each must come back in every `links` URL. */
  listQuery?: Record<string, string>;
  validator?: OparlValidator;
  /** Start from these lists (as a client syncing a body's lists does) instead of the System object. */
  startLists?: string[];
}

const isOparlObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Json).type === 'string' && String((value as Json).type).startsWith('https://schema.oparl.org/1.1/');
const typeName = (object: Json) => String(object.type).replace('https://schema.oparl.org/1.1/', '');

export async function crawlOparl(entryUrl: string, options: CrawlOptions = {}): Promise<OparlCrawl> {
  const validator = options.validator ?? loadOparlValidator();
  const listQuery = options.listQuery ?? {};
  const apiRoot = entryUrl.replace(/\/+$/, '');
  const crawl: OparlCrawl = { objects: new Map(), lists: new Map(), references: [], responses: [], problems: [] };
  const problem = (text: string) => crawl.problems.push(text);
  const objectQueue: string[] = options.startLists ? [] : [entryUrl];
  const listQueue: string[] = [];
  const queuedObjects = new Set<string>(objectQueue);
  const queuedLists = new Set<string>();
  /** Embedded objects and list entries, to compare with the object at their id once it is fetched. */
  const seenElsewhere: { where: string; object: Json; whole: boolean }[] = [];

  const fetchJson = async (url: string): Promise<Json | undefined> => {
    const response = await fetch(url);
    const body = await response.text();
    crawl.responses.push({ url, status: response.status, body });
    if (response.status !== 200) return void problem(`${url}: HTTP ${response.status} ${body.slice(0, 200)}`);
    if (response.headers.get('access-control-allow-origin') !== '*') problem(`${url}: no Access-Control-Allow-Origin: *`);
    if (!/^application\/json\b/.test(response.headers.get('content-type') ?? '')) problem(`${url}: Content-Type ${response.headers.get('content-type')}`);
    if (body.charCodeAt(0) === 0xfeff) problem(`${url}: starts with a BOM`);
    try {
      return JSON.parse(body) as Json;
    } catch {
      return void problem(`${url}: not JSON`);
    }
  };

  const queueObject = (url: string) => {
    if (!queuedObjects.has(url)) {
      queuedObjects.add(url);
      objectQueue.push(url);
    }
  };
  const queueList = (url: string) => {
    const withQuery = new URL(url);
    for (const [name, value] of Object.entries(listQuery)) withQuery.searchParams.set(name, value);
    if (!queuedLists.has(withQuery.href)) {
      queuedLists.add(withQuery.href);
      listQueue.push(withQuery.href);
    }
  };

  /** Checks an object and what it holds; `where` names it for messages. */
  const inspect = (object: Json, where: string, embedded: boolean) => {
    for (const issue of validator.problems(object)) problem(`${where}: ${issue}`);
    const type = typeName(object);
    const lists = new Set(validator.externalLists(type));
    for (const [property, value] of Object.entries(object)) {
      if (value === null) problem(`${where}.${property} is null`);
      if (lists.has(property) && typeof value === 'string') {
        queueList(value);
        continue;
      }
      const values = Array.isArray(value) ? value : [value];
      for (const item of values) {
        if (isOparlObject(item)) {
          if (item.deleted === true) problem(`${where}.${property}: a deleted object is embedded`);
          inspectEmbedded(item, `${where}.${property}`);
        } else if (typeof item === 'string' && item.startsWith(`${apiRoot}/`) && property !== 'id') {
          crawl.references.push({ from: String(object.id), property, url: item });
        }
      }
    }
    if (!embedded && typeof object.id === 'string') queueObject(object.id);
  };
  const inspectEmbedded = (object: Json, where: string) => {
    seenElsewhere.push({ where, object, whole: false });
    inspect(object, where, true);
    if (typeof object.id === 'string') queueObject(object.id);
  };

  for (const list of options.startLists ?? []) queueList(list);
  while (objectQueue.length > 0 || listQueue.length > 0) {
    const listUrl = listQueue.shift();
    if (listUrl) {
      await walkList(listUrl);
      continue;
    }
    const url = objectQueue.shift()!;
    const object = await fetchJson(url);
    if (!object) continue;
    if (object.id !== url) problem(`${url} answers an object whose id is ${String(object.id)}`);
    crawl.objects.set(url, object);
    inspect(object, url, false);
  }

  for (const { where, object, whole } of seenElsewhere) {
    const own = crawl.objects.get(String(object.id));
    if (!own) {
      problem(`${where}: ${String(object.id)} is not retrievable at its id`);
      continue;
    }
    // A list holds complete objects; an embedded object leaves out only its back-references.
    const keys = whole ? new Set([...Object.keys(object), ...Object.keys(own)]) : new Set(Object.keys(object));
    for (const key of keys) {
      if (JSON.stringify(object[key]) !== JSON.stringify(own[key])) problem(`${where}: ${key} differs from ${String(object.id)}'s own`);
    }
  }
  return crawl;

  async function walkList(firstUrl: string): Promise<void> {
    const ids: string[] = [];
    let url: string | undefined = firstUrl;
    let pageSize: number | undefined;
    let previousPageShort = false;
    const visited = new Set<string>();
    while (url) {
      if (visited.has(url)) return void problem(`${firstUrl}: links.next loops back to ${url}`);
      visited.add(url);
      const page = await fetchJson(url);
      if (!page) return;
      const { data, pagination, links } = page as { data?: unknown; pagination?: Json; links?: Json };
      if (!Array.isArray(data) || typeof pagination !== 'object' || pagination === null || typeof links !== 'object' || links === null) {
        return void problem(`${url}: a list page needs data (array), pagination and links (objects)`);
      }
      if (previousPageShort) problem(`${firstUrl}: a page before ${url} had fewer entries than elementsPerPage`);
      const perPage = pagination.elementsPerPage;
      if (typeof perPage === 'number') {
        if (pageSize !== undefined && perPage !== pageSize) problem(`${url}: elementsPerPage ${perPage} after ${pageSize}`);
        pageSize = perPage;
        previousPageShort = data.length < perPage;
        if (data.length > perPage) problem(`${url}: ${data.length} entries, more than elementsPerPage ${perPage}`);
      }
      for (const [name, link] of Object.entries(links)) {
        if (typeof link !== 'string') continue;
        const params = new URL(link).searchParams;
        for (const [key, value] of Object.entries(listQuery)) {
          if (params.get(key) !== value) problem(`${url}: links.${name} lost ${key}=${value}: ${link}`);
        }
      }
      for (const [index, entry] of data.entries()) {
        if (!isOparlObject(entry)) {
          problem(`${url}: data[${index}] is not an OParl object`);
          continue;
        }
        ids.push(String(entry.id));
        seenElsewhere.push({ where: `${url} data[${index}]`, object: entry, whole: listQuery.omit_internal !== 'true' });
        inspect(entry, `${url} data[${index}]`, false);
      }
      const next: unknown = links.next;
      const last = typeof pagination.totalPages === 'number' && pagination.currentPage === pagination.totalPages;
      if (next === undefined && typeof pagination.totalPages === 'number' && !last) problem(`${url}: no links.next before the last page`);
      if (next !== undefined && last) problem(`${url}: links.next on the last page`);
      url = typeof next === 'string' ? next : undefined;
    }
    if (new Set(ids).size !== ids.length) problem(`${firstUrl}: an object is listed twice`);
    crawl.lists.set(firstUrl, ids);
  }
}

/** The ids an unfiltered crawl's lists hold: every reference must point at one of them. */
export function unresolvedReferences(crawl: OparlCrawl): string[] {
  const listed = new Set([...crawl.lists.values()].flat());
  // The System is the entry point, not in any list.
  const entry = [...crawl.objects.values()].find((object) => typeName(object) === 'System');
  if (entry) listed.add(String(entry.id));
  return crawl.references.filter((reference) => !listed.has(reference.url)).map((r) => `${r.from}.${r.property} → ${r.url}`);
}
