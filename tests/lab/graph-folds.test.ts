// The graph view on transformer models (issue 18): with the IR's groups, a GPT-style model's
// blocks (residual adds inside) fold to "Block × N" and a ViT-style model's encoder blocks fold;
// no parameter or buffer is drawn as an input node; a leaf module written with a functional op
// (nanoGPT's LayerNorm) is drawn as that module. The notebooks are the UI tests' fixtures.
import { readFileSync } from 'fs';
import * as path from 'path';
import { Analyzer } from '../../src/core/analyzer';
import { readDocument } from '../../src/core/notebook';
import type { ModelIR } from '../../src/core/ir';
import { buildVisibleGraph } from '../../src/lab/views/graph-model';
import { createFoldState } from '../../src/lab/views/tree';
import { getParser } from '../helpers/parser';

async function notebookModel(name: string): Promise<ModelIR> {
  const file = path.join(__dirname, '..', '..', 'ui-tests', 'notebooks', name);
  return new Analyzer(await getParser()).analyze(readDocument(file, readFileSync(file, 'utf8')).cells).models[0];
}

test('GPT-style: the six blocks fold to one node between the embeddings and the final norm', async () => {
  const m = await notebookModel('gpt_style.ipynb');
  const g = buildVisibleGraph(m, createFoldState(3));
  expect(g.nodes.map(n => `${n.kind} ${n.name} ${n.type}`)).toEqual([
    'node  torch.arange',
    'node  Input',
    'node transformer.wte Embedding',
    'node transformer.wpe Embedding',
    'node  add',
    'fold transformer.h.0 … transformer.h.5 Block',
    'node transformer.ln_f LayerNorm',
    'node lm_head Linear'
  ]);
  expect(g.nodes.find(n => n.kind === 'fold')!.foldIds).toHaveLength(6);
  expect(g.edges.map(e => `${e.from} -> ${e.to}`)).toContain('n:add -> f:transformer.h.0');
});

test('GPT-style: one block opened shows its residual adds inside it', async () => {
  const m = await notebookModel('gpt_style.ipynb');
  const state = createFoldState(3);
  state.expanded.add('transformer.h.2');
  const g = buildVisibleGraph(m, state);
  const inBlock = g.nodes.filter(n => n.parent === 'c:transformer.h.2');
  expect(inBlock.filter(n => n.type === 'add')).toHaveLength(2);
  expect(inBlock.map(n => n.name)).toEqual(expect.arrayContaining(['transformer.h.2.ln_1', 'transformer.h.2.attn', 'transformer.h.2.ln_2', 'transformer.h.2.mlp']));
  // the blocks before and after it still fold
  expect(g.nodes.filter(n => n.kind === 'fold').map(n => n.foldIds)).toEqual([
    ['transformer.h.0', 'transformer.h.1'],
    ['transformer.h.3', 'transformer.h.4', 'transformer.h.5']
  ]);
});

test('GPT-style at the default depth (2): the ModuleList holding only the fold opens by itself', async () => {
  const m = await notebookModel('gpt_style.ipynb');
  const g = buildVisibleGraph(m, createFoldState(2));
  const fold = g.nodes.find(n => n.kind === 'fold')!;
  expect([fold.type, fold.foldIds?.length, fold.parent]).toEqual(['Block', 6, 'c:transformer.h']);
  // closed by the user, it stays closed
  const state = createFoldState(2);
  state.collapsed.add('transformer.h');
  expect(buildVisibleGraph(m, state).nodes.filter(n => n.kind === 'group').map(n => n.name)).toEqual(['transformer.h']);
});

test('ViT-style: the encoder blocks fold; the class token is no input', async () => {
  const m = await notebookModel('vit_style.ipynb');
  const g = buildVisibleGraph(m, createFoldState(2));
  expect(g.nodes.filter(n => n.category === 'input').map(n => n.type)).toEqual(['Input']);
  expect(g.nodes.find(n => n.type === 'expand')?.uses).toEqual(['cls_token']);
  const fold = g.nodes.find(n => n.kind === 'fold')!;
  expect([fold.type, fold.foldIds]).toEqual(['EncoderBlock', [0, 1, 2, 3, 4, 5].map(i => `encoder.${i}`)]);
});
