/**
 * The minutes as one self-contained HTML document, the same content as the
 * PDF (minutes-content.ts): headings, paragraphs, lists and tables with
 * header cells, every value escaped by hono/jsx, the static renderer the
 * public pages use (and their `renderDocument`). No scripts, no external
 * resources: it opens from a disk as it does from the server.
 */
import type { Child } from 'hono/jsx';
import { renderDocument } from '../public/pages/layout.tsx';
import type { Block, ListEntries, MinutesContent, Run } from './minutes-content.ts';

const styles = `
body { font: 16px/1.5 "Liberation Sans", Arial, sans-serif; color: #1a1a1a; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
.council { font-weight: bold; font-size: .8rem; letter-spacing: .05em; }
.status, .note { color: #595959; font-size: .9rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #8a8a8a; padding: .25rem .5rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: bold; }
`;

export function renderMinutesHtml(content: MinutesContent): string {
  return renderDocument(<MinutesDocument content={content} />);
}

function MinutesDocument({ content }: { content: MinutesContent }) {
  return (
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${content.title}: ${content.meetingLine}`}</title>
        <style>{styles}</style>
      </head>
      <body>
        <header>
          <p class="council">{content.council}</p>
          <h1>{content.title}</h1>
          <p>{content.meetingLine}</p>
          <p class="status">{content.statusLine}</p>
          {content.audience === 'public' ? <p class="note">Public version: exempt items are shown by their reason only.</p> : null}
        </header>
        <main>
          <Blocks blocks={content.opening} />
          {content.items.map((item, index) => (
            <section aria-labelledby={`item-${index}`}>
              <h2 id={`item-${index}`}>{item.heading}</h2>
              <Blocks blocks={item.blocks} />
            </section>
          ))}
          {content.actions.length > 0 ? (
            <section aria-labelledby="actions">
              <h2 id="actions">Action points</h2>
              <Table caption="Action points" header={['Item', 'Action', 'Owner', 'Due']} rows={content.actions.map((a) => [a.item, a.what, a.owner, a.due])} />
            </section>
          ) : null}
          {content.amendments.length > 0 ? (
            <section aria-labelledby="amendments">
              <h2 id="amendments">Amendments after approval</h2>
              <Table
                caption="Amendments after approval"
                header={['When', 'By', 'Reason', 'Approved wording', 'Corrected wording']}
                rows={content.amendments.map((a) => [a.at.slice(0, 10), a.by.displayName, a.reason, a.before, a.after])}
              />
            </section>
          ) : null}
        </main>
      </body>
    </html>
  );
}

function Blocks({ blocks }: { blocks: Block[] }) {
  return <>{blocks.map((block) => <BlockView block={block} />)}</>;
}

function BlockView({ block }: { block: Block }): Child {
  switch (block.kind) {
    case 'paragraph':
      return block.runs.some((run) => run.text.length > 0) ? <p>{block.runs.map((run) => <RunView run={run} />)}</p> : null;
    case 'heading':
      return <Heading level={Math.min(6, block.level + 2)} text={block.text} />;
    case 'list':
      return <List entries={block.entries} ordered={block.ordered} />;
    case 'table':
      return <Table caption={block.caption} header={block.header} rows={block.rows} />;
    case 'action': {
      const { what, owner, due } = block.action;
      return (
        <p>
          <strong>Action: </strong>
          {[what, owner && `owner: ${owner}`, due && `due: ${due}`].filter(Boolean).join('; ')}
        </p>
      );
    }
  }
}

function Heading({ level, text }: { level: number; text: string }) {
  if (level <= 3) return <h3>{text}</h3>;
  if (level === 4) return <h4>{text}</h4>;
  return level === 5 ? <h5>{text}</h5> : <h6>{text}</h6>;
}

function RunView({ run }: { run: Run }) {
  const lines = run.text.split('\n').flatMap((line, index) => (index === 0 ? [line] : [<br />, line]));
  const text = run.italic ? <em>{lines}</em> : <>{lines}</>;
  return run.bold ? <strong>{text}</strong> : text;
}

/** PDFKit's list shape: a nested array holds the entries under the entry before it. */
function List({ entries, ordered }: { entries: ListEntries; ordered: boolean }) {
  const items: Array<{ text: string; children: ListEntries | null }> = [];
  for (const entry of entries) {
    if (typeof entry === 'string') items.push({ text: entry, children: null });
    else if (items.length > 0) items[items.length - 1]!.children = entry;
    else items.push({ text: '', children: entry });
  }
  const listItems = items.map((item) => (
    <li>
      {item.text}
      {item.children ? <List entries={item.children} ordered={ordered} /> : null}
    </li>
  ));
  return ordered ? <ol>{listItems}</ol> : <ul>{listItems}</ul>;
}

function Table({ caption, header, rows }: { caption: string; header: string[]; rows: string[][] }) {
  if (rows.length === 0) return null;
  return (
    <table>
      {caption ? <caption>{caption}</caption> : null}
      {header.length > 0 ? (
        <thead>
          <tr>
            {header.map((cell) => (
              <th scope="col">
                {cell}
              </th>
            ))}
          </tr>
        </thead>
      ) : null}
      <tbody>
        {rows.map((row) => (
          <tr>
            {row.map((cell) => (
              <td>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
