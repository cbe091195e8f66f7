/**
 * paint-in-tasks.ts: pages painted slice after slice in tasks of their own,
 * not one slice per animation frame. It reaches into an internal of pdf.js's
 * render task, so this renders a real corpus page with the pinned pdfjs-dist
 * (in Node, through its legacy build and @napi-rs/canvas) and checks the
 * internal is still there and the page still paints.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { inNextTask, paintInTasks } from '../../renderer/src/pdf/paint-in-tasks.ts';
import { corpusPath, repoRoot } from '../support/corpus.ts';

test('callbacks run in order, each in a task of its own (microtasks of one run before the next)', async () => {
  const order: string[] = [];
  await new Promise<void>((resolve) => {
    inNextTask(() => {
      order.push('first');
      queueMicrotask(() => order.push('first’s microtask'));
    });
    inNextTask(() => {
      order.push('second');
      resolve();
    });
    order.push('scheduled');
  });
  assert.deepEqual(order, ['scheduled', 'first', 'first’s microtask', 'second']);
});

test('a task without pdf.js’s internal is left as it was', () => {
  const task: { onContinue?: unknown } = {};
  assert.equal(paintInTasks(task), false);
  assert.equal(task.onContinue, undefined);
});

test('a real pdf.js page of dense text paints, slice after slice through our tasks', async () => {
  const pdf = await getDocument({
    data: new Uint8Array(readFileSync(corpusPath('pdfjs_tracemonkey.pdf'))),
    isEvalSupported: false,
    verbosity: VerbosityLevel.ERRORS,
  }).promise;
  try {
    const page = await pdf.getPage(1);
    const viewport = page.getViewport({ scale: 1.5 });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const renderTask = page.render({ canvas: canvas as unknown as Parameters<typeof page.render>[0]['canvas'], viewport });
    assert.equal(paintInTasks(renderTask), true, 'pdf.js still keeps _internalRenderTask._useRequestAnimationFrame');
    const internal = (renderTask as unknown as { _internalRenderTask: { _useRequestAnimationFrame: boolean } })._internalRenderTask;
    assert.equal(internal._useRequestAnimationFrame, false);
    let slices = 0;
    const continueInTask = renderTask.onContinue as (next: () => void) => void;
    renderTask.onContinue = (next: () => void) => {
      slices += 1;
      continueInTask(next);
    };
    await renderTask.promise;
    assert.ok(slices >= 1, 'the paint went through onContinue');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 0; i < pixels.length; i += 4) if ((pixels[i] ?? 255) < 128) inked += 1;
    assert.ok(inked > 1000, `the page has ink (${inked} dark pixels)`);
  } finally {
    await pdf.destroy();
  }
});

test('the browser build of pdf.js has the same internal', () => {
  const browserBuild = readFileSync(path.join(repoRoot, 'node_modules', 'pdfjs-dist', 'build', 'pdf.mjs'), 'utf8');
  assert.match(browserBuild, /this\._internalRenderTask = internalRenderTask/);
  assert.match(browserBuild, /if \(this\._useRequestAnimationFrame\) \{/);
});
