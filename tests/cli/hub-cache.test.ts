// from_pretrained with the local Hugging Face cache (issue 16): the CLI's hub cache reader
// (src/cli/hub-cache.ts) finds config.json of a repo's main snapshot in a fixture cache
// (fixtures/hf_cache/hub, laid out as huggingface_hub lays it out: refs/main, snapshots/,
// blobs/ behind symlinks) and refuses a symlink leading out of the cache; the analyzer, with
// the installed transformers (build/pylibs), then counts the model exactly, and says which
// config is missing otherwise. A folder next to the notebook is read through readFile.
// Truth: bert-base-uncased and gpt2 have the default BertConfig / GPT2Config, whose real
// totals are in fixtures/libraries/expected.json (BertForSequenceClassification with 2 labels
// instead of 3: the 768x3+3 head becomes 768x2+2, 769 fewer); the tiny BERT is counted by hand.
// Does not: download anything or run Python.
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { hubCacheDir, HubCache } from '../../src/cli/hub-cache';
import { DirectoryModuleSource } from '../../src/cli/modules';
import { isHubRepoId } from '../../src/core/env/source';
import { DEFAULT_BUDGETS } from '../../src/core/interp/budgets';
import { jsonValue } from '../../src/core/interp/json-value';
import { getAnalyzer } from '../helpers/analyze';
import { FIXTURE_ROOT } from '../helpers/fixtures';

const CACHE = path.join(FIXTURE_ROOT, 'hf_cache', 'hub');
const NOTEBOOK_DIR = path.join(FIXTURE_ROOT, 'hf_cache', 'notebook');
const PYLIBS = process.env.ARCHLENS_PYLIBS ?? path.join(__dirname, '..', '..', 'build', 'pylibs');

describe('hub cache reader', () => {
  test('the cache folder is found as huggingface_hub finds it', () => {
    expect(hubCacheDir({ HF_HUB_CACHE: '/a/hub', HF_HOME: '/b' }, '/home/u')).toBe('/a/hub');
    expect(hubCacheDir({ HF_HOME: '/b' }, '/home/u')).toBe(path.join('/b', 'hub'));
    expect(hubCacheDir({ XDG_CACHE_HOME: '/x' }, '/home/u')).toBe(path.join('/x', 'huggingface', 'hub'));
    expect(hubCacheDir({}, '/home/u')).toBe(path.join('/home/u', '.cache', 'huggingface', 'hub'));
  });

  test('config.json of the main snapshot, through the blob symlink', () => {
    const hub = new HubCache(CACHE);
    expect(JSON.parse(hub.readConfig('bert-base-uncased') as string).model_type).toBe('bert');
    expect(JSON.parse(hub.readConfig('openai-community/gpt2') as string).n_layer).toBe(12);
    expect(hub.readConfig('gpt2')).toBeNull();
  });

  test('a symlink out of the cache, odd names and a missing cache are refused', () => {
    const hub = new HubCache(CACHE);
    // The target exists (fixtures/hf_cache/outside/config.json) but is not inside the cache.
    expect(existsSync(path.join(FIXTURE_ROOT, 'hf_cache', 'outside', 'config.json'))).toBe(true);
    expect(hub.readConfig('evil/escape')).toBeNull();
    for (const name of ['../outside', 'a/b/c', '/etc/passwd', 'models--bert-base-uncased/../x', '.', '']) {
      expect({ name, ok: isHubRepoId(name) }).toEqual({ name, ok: false });
      expect(hub.readConfig(name)).toBeNull();
    }
    expect(new HubCache(path.join(CACHE, 'does-not-exist')).readConfig('bert-base-uncased')).toBeNull();
  });
});

describe('config.json as a Python value', () => {
  test('ints stay ints, floats floats, as json.loads gives them', () => {
    const v = jsonValue('{"a": 1, "b": 1.0, "c": 1e-12, "d": [true, null, "x\\u00e9"], "e": 123456789012345678901}');
    expect(v && v.k).toBe('dict');
    const items = v && v.k === 'dict' ? [...v.map.values()].map(([k, x]) => [k.k === 'str' ? k.v : '?', x.k]) : [];
    expect(items).toEqual([['a', 'int'], ['b', 'float'], ['c', 'float'], ['d', 'list'], ['e', 'int']]);
    expect(jsonValue('{"a": 1,}')).toBeNull();
    expect(jsonValue('{"a": 1} x')).toBeNull();
    expect(jsonValue('[' .repeat(100) + ']'.repeat(100))).toBeNull();
  });
});

const withLibs = existsSync(path.join(PYLIBS, 'transformers')) ? describe : describe.skip;

withLibs('from_pretrained with the installed transformers', () => {
  const modules = (hub: HubCache | undefined) => new DirectoryModuleSource([PYLIBS], DEFAULT_BUDGETS.maxLibraryFileBytes, hub);
  const readFile = (rel: string): string | null => {
    const p = path.normalize(path.join(NOTEBOOK_DIR, rel));
    return p.startsWith(NOTEBOOK_DIR + path.sep) && existsSync(p) ? readFileSync(p, 'utf8') : null;
  };
  const budgets = { maxLibraryMs: 20_000, maxWallMs: 40_000 };
  const SOURCE = [
    'from transformers import AutoConfig, AutoModelForCausalLM, BertForSequenceClassification, BertModel',
    'model = BertForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)',
    'bert = BertModel.from_pretrained("bert-base-uncased")',
    'lm = AutoModelForCausalLM.from_pretrained("openai-community/gpt2")',
    'tiny = BertForSequenceClassification.from_pretrained("./my_tiny_bert")',
    'config = AutoConfig.from_pretrained("my_tiny_bert")',
    'tiny2 = BertModel(config)',
    'missing = AutoModelForCausalLM.from_pretrained("gpt2")',
    'escaped = BertModel.from_pretrained("evil/escape")',
    ''
  ].join('\n');

  test('exact from the cache and the notebook folder; unknown with the config named otherwise', async () => {
    const analyzer = await getAnalyzer();
    const ir = analyzer.analyze([{ id: 'c', kind: 'code', source: SOURCE }], { readFile, modules: modules(new HubCache(CACHE)), budgets });
    const total = (name: string) => ir.models.find(m => m.name === name)?.params;
    expect(total('model')).toMatchObject({ total: 109_483_778, trainable: 109_483_778, buffers: 1024 });
    expect(total('bert')).toMatchObject({ total: 109_482_240, trainable: 109_482_240, buffers: 1024 });
    expect(total('lm')).toMatchObject({ total: 124_439_808, trainable: 124_439_808, buffers: 0 });
    // vocab 1000, hidden 64, 2 layers, intermediate 128, 128 positions, 3 labels (id2label):
    // embeddings 64000+8192+128+128, per layer 3*4160+4160+128+8320+8256+128, pooler 4160,
    // classifier 195; buffers position_ids and token_type_ids (1x128 each).
    expect(total('tiny')).toMatchObject({ total: 143_747, trainable: 143_747, buffers: 256 });
    expect(total('tiny2')).toMatchObject({ total: 143_747 - 195, buffers: 256 });
    for (const name of ['missing', 'escaped']) {
      expect({ name, total: total(name)?.total ?? null }).toEqual({ name, total: null });
    }
    const notes = ir.diagnostics.map(d => d.message);
    expect(notes.some(m => m.includes("from_pretrained('gpt2'): its config.json is not in the local Hugging Face cache"))).toBe(true);
    expect(notes.some(m => m.includes("from_pretrained('evil/escape'): its config.json is not in the local Hugging Face cache"))).toBe(true);
    expect(ir.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
  }, 120_000);

  test('without a hub cache every hub name is unknown', async () => {
    const analyzer = await getAnalyzer();
    const ir = analyzer.analyze([{ id: 'c', kind: 'code', source: SOURCE }], { modules: modules(undefined), budgets });
    for (const name of ['model', 'bert', 'lm', 'tiny', 'missing']) {
      expect({ name, total: ir.models.find(m => m.name === name)?.params.total ?? null }).toEqual({ name, total: null });
    }
  }, 120_000);
});
