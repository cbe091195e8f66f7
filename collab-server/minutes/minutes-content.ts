/**
 * The minutes as one plain model that the PDF, the HTML and the action list
 * are all drawn from: the fragment read by walking Y.XmlElement / Y.XmlText
 * (nodeName, attributes, toDelta() for marks; no ProseMirror on the server),
 * each record block resolved against the meeting record, each item's votes
 * that have no block of their own added after its text. The public version
 * keeps an exempt item only as "Exempt item" and its reason: none of its
 * text, record, votes or action points go into it.
 */
import * as Y from 'yjs';
import { type MeetingRecord, type MinutesAmendment, type MinutesStatus, RecordBlockKind, minutesNodes } from '../../common/minutes.ts';
import type { AgendaItem, InterestKind, PersonRef, RollEntry, VoteResult } from '../../common/wire.ts';
import { committeeRoleNames } from '../committee-role-names.ts';
import { formatDateTime, formatTime } from '../public/pages/format.ts';
import { minutesFragmentOf } from './minutes-fragment.ts';

export interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
}

/** Lines of a list: a string is an entry, an array the entries nested under the one before it (PDFKit's `list` shape). */
export type ListEntries = Array<string | ListEntries>;

export type Block =
  | { kind: 'paragraph'; runs: Run[] }
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'list'; ordered: boolean; entries: ListEntries }
  | { kind: 'table'; caption: string; header: string[]; rows: string[][] }
  | { kind: 'action'; action: ActionPoint };

export interface ActionPoint {
  /** "3. Planning application …" of the section it was written in. */
  item: string;
  what: string;
  owner: string;
  /** yyyy-mm-dd, or empty. */
  due: string;
}

export interface MinutesItemSection {
  itemId: string | null;
  /** "3. Title", or "3. Exempt item" in the public version of an exempt item whose title is not public. */
  heading: string;
  /** The reason an item is exempt, in the public version only. */
  exemptReason: string | null;
  blocks: Block[];
}

export type Audience = 'committee' | 'public';

export interface MinutesContent {
  audience: Audience;
  /** "Minutes of the Planning Committee": the document's title. */
  title: string;
  council: string;
  /** "Thursday 3 December 2026 at 6:30 pm, Council Chamber". */
  meetingLine: string;
  /** Where the minutes are in their workflow, e.g. "Approved on … by the Chair's signature". */
  statusLine: string;
  /** Before the first item: the attendance. */
  opening: Block[];
  items: MinutesItemSection[];
  actions: ActionPoint[];
  amendments: MinutesAmendment[];
}

export interface MinutesSource {
  council: string;
  committee: string;
  meeting: { title: string; startsAt: string; venue: string | null };
  /** In agenda order. */
  agenda: AgendaItem[];
  record: MeetingRecord;
  status: MinutesStatus;
  /** The minutes' Yjs document (a copy: approved state once locked). */
  doc: Y.Doc;
  timeZone: string;
}

const plain = (text: string): Run[] => [{ text, bold: false, italic: false }];
const paragraph = (text: string): Block => ({ kind: 'paragraph', runs: plain(text) });
const strong = (text: string): Block => ({ kind: 'paragraph', runs: [{ text, bold: true, italic: false }] });

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const names = (people: PersonRef[]) => (people.length === 0 ? 'none' : people.map((person) => person.displayName).join(', '));

export function buildMinutesContent(source: MinutesSource, audience: Audience): MinutesContent {
  const { record, timeZone } = source;
  const agendaById = new Map(source.agenda.map((item) => [item.id, item]));
  const votesById = new Map(record.votes.map((vote) => [vote.id, vote]));
  const exempt = (itemId: string | null) => audience === 'public' && itemId !== null && agendaById.get(itemId)?.confidential === true;
  const headingOf = (itemId: string | null, number: string, title: string) => {
    const item = itemId ? agendaById.get(itemId) : undefined;
    const shownTitle = exempt(itemId) && !item?.titlePublic ? 'Exempt item' : (item?.title ?? title);
    return `${item?.number ?? number}. ${shownTitle}`;
  };

  const opening: Block[] = [];
  const items: MinutesItemSection[] = [];
  let current: Block[] = opening;
  let currentItem: MinutesItemSection | null = null;
  const shownVotes = new Set<string>();

  const resolveRecord = (node: Y.XmlElement): Block[] => {
    const kind = RecordBlockKind.safeParse(node.getAttribute('kind'));
    const itemId = text(node.getAttribute('itemId')) || null;
    const voteId = text(node.getAttribute('voteId'));
    // Wherever a block of an exempt item was moved to, the public version leaves it out.
    if (exempt(itemId) || exempt(votesById.get(voteId)?.itemId ?? null)) return [];
    if ((node.getAttribute('frozen') as unknown) === true) {
      return text(node.getAttribute('frozenText')).split(/\n+/).filter(Boolean).map(paragraph);
    }
    if (!kind.success) return [];
    switch (kind.data) {
      case 'attendance':
        return attendanceBlocks(record.roll, timeZone);
      case 'declarations':
        return declarationBlocks(record, itemId);
      case 'motion':
      case 'vote': {
        const vote = votesById.get(voteId);
        if (!vote) return [paragraph('The record of this vote is not available.')];
        shownVotes.add(vote.id);
        return kind.data === 'motion' ? motionBlocks(vote) : voteBlocks(vote);
      }
    }
  };

  const closeSection = () => {
    if (!currentItem?.itemId) return;
    const itemId = currentItem.itemId;
    const missing = record.votes.filter((vote) => vote.itemId === itemId && !shownVotes.has(vote.id));
    for (const vote of missing) {
      shownVotes.add(vote.id);
      currentItem.blocks.push(...voteBlocks(vote));
    }
  };

  for (const node of minutesFragmentOf(source.doc).toArray()) {
    if (!(node instanceof Y.XmlElement)) continue;
    if (node.nodeName === minutesNodes.itemSection) {
      closeSection();
      const itemId = text(node.getAttribute('itemId')) || null;
      currentItem = {
        itemId,
        heading: headingOf(itemId, text(node.getAttribute('number')), text(node.getAttribute('title'))),
        exemptReason: exempt(itemId) ? (agendaById.get(itemId!)?.confidentialReason ?? '') : null,
        blocks: [],
      };
      items.push(currentItem);
      current = currentItem.blocks;
      continue;
    }
    if (currentItem && exempt(currentItem.itemId)) continue;
    const section = currentItem?.heading ?? '';
    if (node.nodeName === minutesNodes.recordBlock) current.push(...resolveRecord(node));
    else if (!(node.nodeName === minutesNodes.actionPoint && exempt(text(node.getAttribute('itemId')) || null))) current.push(...contentBlocks(node, section));
  }
  closeSection();
  // Items on the agenda the minutes have no section for (added after they were approved, say).
  for (const item of source.agenda) {
    if (items.some((section) => section.itemId === item.id)) continue;
    currentItem = { itemId: item.id, heading: headingOf(item.id, item.number, item.title), exemptReason: exempt(item.id) ? (item.confidentialReason ?? '') : null, blocks: [] };
    items.push(currentItem);
    if (!exempt(item.id)) closeSection();
  }
  for (const section of items) {
    if (section.exemptReason !== null) {
      section.blocks = [paragraph(`Exempt item: this item was considered in private. Reason: ${section.exemptReason || 'not given'}.`)];
    }
  }

  const actions = [...opening, ...items.flatMap((section) => section.blocks)].flatMap((block) => (block.kind === 'action' ? [block.action] : []));
  return {
    audience,
    title: `Minutes of the ${source.committee}`,
    council: source.council,
    meetingLine: [formatDateTime(source.meeting.startsAt, timeZone), source.meeting.venue].filter(Boolean).join(', '),
    statusLine: statusLine(source.status, timeZone),
    opening,
    items,
    actions,
    amendments: source.status.amendments,
  };
}

function statusLine(status: MinutesStatus, timeZone: string): string {
  if (!status.approval) return status.state === 'circulated' ? 'Draft minutes, circulated for comment: not yet approved.' : 'Draft minutes: not yet approved.';
  const how = status.approval.method === 'vote' ? 'by resolution of the Committee' : "by the Chair's signature";
  return `Approved as a correct record on ${formatDateTime(status.approval.at, timeZone)} ${how}.`;
}

// ------------------------------------------------------------ the text the minute-takers wrote

function runsOf(node: Y.XmlElement | Y.XmlText): Run[] {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>)
      .filter((op) => typeof op.insert === 'string')
      .map((op) => ({ text: op.insert as string, bold: op.attributes?.bold !== undefined, italic: op.attributes?.italic !== undefined }));
  }
  if (node.nodeName === 'hardBreak') return plain('\n');
  return node.toArray().flatMap((child) => (child instanceof Y.XmlElement || child instanceof Y.XmlText ? runsOf(child) : []));
}

const plainText = (node: Y.XmlElement | Y.XmlText) => runsOf(node).map((run) => run.text).join('');

function listEntries(list: Y.XmlElement): ListEntries {
  const entries: ListEntries = [];
  for (const item of list.toArray()) {
    if (!(item instanceof Y.XmlElement)) continue;
    for (const child of item.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      if (child.nodeName === 'bulletList' || child.nodeName === 'orderedList') entries.push(listEntries(child));
      else entries.push(plainText(child));
    }
  }
  return entries;
}

function tableBlock(table: Y.XmlElement): Block {
  const rows = table.toArray().filter((row): row is Y.XmlElement => row instanceof Y.XmlElement);
  const cells = rows.map((row) => row.toArray().filter((cell): cell is Y.XmlElement => cell instanceof Y.XmlElement));
  const headerRow = cells[0]?.every((cell) => cell.nodeName === 'tableHeader') ? cells.shift()! : null;
  const texts = (row: Y.XmlElement[]) => row.map((cell) => plainText(cell).trim());
  return { kind: 'table', caption: '', header: headerRow ? texts(headerRow) : [], rows: cells.map(texts) };
}

function contentBlocks(node: Y.XmlElement, section: string): Block[] {
  switch (node.nodeName) {
    case 'paragraph':
      return [{ kind: 'paragraph', runs: runsOf(node) }];
    case 'heading':
      return [{ kind: 'heading', level: Number(node.getAttribute('level')) || 1, text: plainText(node) }];
    case 'bulletList':
    case 'orderedList':
      return [{ kind: 'list', ordered: node.nodeName === 'orderedList', entries: listEntries(node) }];
    case 'table':
      return [tableBlock(node)];
    case minutesNodes.actionPoint:
      return [{ kind: 'action', action: { item: section, what: text(node.getAttribute('what')), owner: text(node.getAttribute('owner')), due: text(node.getAttribute('due')) } }];
    case 'horizontalRule':
      return [];
    default:
      // A quotation, a code block or a node from a newer editor: its text, as paragraphs.
      return node.toArray().flatMap((child) =>
        child instanceof Y.XmlElement ? contentBlocks(child, section) : child instanceof Y.XmlText ? [{ kind: 'paragraph' as const, runs: runsOf(child) }] : [],
      );
  }
}

// ------------------------------------------------------------ blocks filled from the record

const attendanceLabel: Record<RollEntry['attendance'], string> = {
  present: 'Present',
  apologies: 'Apologies',
  absent: 'Absent',
  departed: 'Left early',
  unmarked: 'Not recorded',
};

function attendanceBlocks(roll: RollEntry[], timeZone: string): Block[] {
  const present = roll.filter((entry) => entry.votingMember && (entry.attendance === 'present' || entry.attendance === 'departed'));
  const apologies = roll.filter((entry) => entry.attendance === 'apologies');
  const officers = roll.filter((entry) => !entry.votingMember && (entry.attendance === 'present' || entry.attendance === 'departed'));
  const who = (entries: RollEntry[]) => names(entries.map((entry) => ({ userId: entry.userId, displayName: entry.role === 'chair' ? `${entry.displayName} (Chair)` : entry.displayName })));
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: 'Attendance' }, paragraph(`Present: ${who(present)}.`)];
  if (officers.length > 0) blocks.push(paragraph(`Also present: ${who(officers)}.`));
  blocks.push(paragraph(apologies.length > 0 ? `Apologies for absence were received from ${who(apologies)}.` : 'There were no apologies for absence.'));
  blocks.push({
    kind: 'table',
    caption: 'Attendance',
    header: ['Name', 'Role', 'Attendance', 'Arrived', 'Left'],
    // Officers and observers nobody marked were not there as far as the record knows: left out.
    rows: roll.filter((entry) => entry.votingMember || entry.attendance !== 'unmarked').map((entry) => [
      entry.displayName,
      committeeRoleNames.en[entry.role],
      entry.late ? `${attendanceLabel[entry.attendance]} (arrived late)` : attendanceLabel[entry.attendance],
      entry.arrivedAt ? formatTime(entry.arrivedAt, timeZone) : '',
      entry.departedAt ? formatTime(entry.departedAt, timeZone) : '',
    ]),
  });
  return blocks;
}

const interestLabel: Record<InterestKind, string> = {
  'disclosable-pecuniary': 'a disclosable pecuniary interest',
  'other-registrable': 'an other registrable interest',
  'non-registrable': 'a non-registrable interest',
};

function declarationBlocks(record: MeetingRecord, itemId: string | null): Block[] {
  const declarations = record.declarations.filter((declaration) => itemId === null || declaration.itemId === itemId);
  if (declarations.length === 0) return [paragraph('There were no declarations of interest.')];
  return [
    {
      kind: 'list',
      ordered: false,
      entries: declarations.map(
        (d) => `${d.displayName} declared ${interestLabel[d.kind]}: ${d.description}${d.leavesRoom ? ' They left the room and took no part in the item.' : ''}`,
      ),
    },
  ];
}

function motionBlocks(vote: VoteResult): Block[] {
  const { proposer, seconder } = vote.motion;
  const movers = proposer ? `Proposed by ${proposer.displayName}${seconder ? ` and seconded by ${seconder.displayName}` : ''}.` : null;
  return [strong(`Motion: ${vote.motion.text}`), ...(movers ? [paragraph(movers)] : [])];
}

const voteKindNote: Record<VoteResult['kind'], string> = {
  recorded: 'A recorded vote was taken.',
  'show-of-hands': 'The vote was taken by a show of hands (counts only).',
  secret: 'The vote was taken by secret ballot (counts only).',
};

/** The motion, how it was voted on, the counts, the names (recorded votes only), any casting vote, and the decision. */
export function voteBlocks(vote: VoteResult): Block[] {
  const blocks: Block[] = [...motionBlocks(vote), paragraph(voteKindNote[vote.kind])];
  blocks.push({
    kind: 'table',
    caption: 'Votes cast',
    header: ['For', 'Against', 'Abstained'],
    rows: [[String(vote.counts.for), String(vote.counts.against), String(vote.counts.abstain)]],
  });
  if (vote.named) {
    blocks.push({
      kind: 'list',
      ordered: false,
      entries: [
        `For: ${names(vote.named.for)}`,
        `Against: ${names(vote.named.against)}`,
        `Abstained: ${names(vote.named.abstain)}`,
        `Did not vote: ${names(vote.named.didNotVote)}`,
      ],
    });
  }
  if (vote.castingVote) blocks.push(paragraph(`The votes being equal, the Chair gave a casting vote ${vote.castingVote} the motion.`));
  blocks.push(strong(vote.outcome === 'carried' ? 'The motion was CARRIED.' : 'The motion was LOST.'));
  return blocks;
}

// ------------------------------------------------------------ reading the model back

const flatEntries = (entries: ListEntries): string[] => entries.flatMap((entry) => (typeof entry === 'string' ? [entry] : flatEntries(entry)));

/** Every word of the minutes as text (what an amendment's "before" wording must be found in). */
export function contentText(content: MinutesContent): string {
  const blockText = (block: Block): string => {
    switch (block.kind) {
      case 'paragraph':
        return block.runs.map((run) => run.text).join('');
      case 'heading':
        return block.text;
      case 'list':
        return flatEntries(block.entries).join('\n');
      case 'table':
        return [block.header, ...block.rows].map((row) => row.join(' ')).join('\n');
      case 'action':
        return `${block.action.what} ${block.action.owner} ${block.action.due}`;
    }
  };
  return [content.opening, ...content.items.map((section) => section.blocks)].flat().map(blockText).join('\n');
}
