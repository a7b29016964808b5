// The worker watchdog: an analysis that never answers is abandoned after the watchdog time,
// the stuck worker is terminated and the next request gets a fresh worker.
import { AnalysisClient, AnalysisTimeout } from '../../src/lab/client';

class FakeWorker {
  static created: FakeWorker[] = [];
  listeners = new Map<string, Set<(e: any) => void>>();
  terminated = false;
  posted: any[] = [];
  constructor(public behaviour: 'hang' | 'answer' | 'broken') {
    FakeWorker.created.push(this);
  }
  addEventListener(type: string, fn: (e: any) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(fn);
  }
  removeEventListener(type: string, fn: (e: any) => void) {
    this.listeners.get(type)?.delete(fn);
  }
  postMessage(msg: any) {
    this.posted.push(msg);
    if (this.behaviour !== 'hang') {
      const parserBroken = this.behaviour === 'broken' || undefined;
      setTimeout(() => {
        for (const fn of this.listeners.get('message') ?? []) {
          fn({ data: { type: 'result', id: msg.id, ir: { models: [], diagnostics: [{ severity: 'warning', code: 'parser-failed', message: 'x' }] }, ms: 1, parserBroken } });
        }
      }, 1);
    }
  }
  terminate() {
    this.terminated = true;
  }
}

test('a stuck worker is terminated and replaced', async () => {
  const behaviours: Array<'hang' | 'answer'> = ['hang', 'answer'];
  const client = new AnalysisClient({ watchdogMs: 50, createWorker: () => new FakeWorker(behaviours.shift()!) as unknown as Worker });
  await expect(client.analyze({ cells: [{ id: 'a', kind: 'code', source: 'while True: pass' }] })).rejects.toBeInstanceOf(AnalysisTimeout);
  expect(FakeWorker.created[0].terminated).toBe(true);
  expect(client.restarts).toBe(1);
  const result = await client.analyze({ cells: [] });
  expect(result.ir.models).toEqual([]);
  expect(FakeWorker.created).toHaveLength(2);
  expect(FakeWorker.created[1].terminated).toBe(false);
  client.dispose();
  expect(FakeWorker.created[1].terminated).toBe(true);
});

test('a worker whose wasm parser failed answers, then is replaced: the next request never reaches it', async () => {
  FakeWorker.created.length = 0;
  const behaviours: Array<'broken' | 'answer'> = ['broken', 'answer'];
  const client = new AnalysisClient({ watchdogMs: 1000, createWorker: () => new FakeWorker(behaviours.shift()!) as unknown as Worker });
  const first = await client.analyze({ cells: [{ id: 'a', kind: 'code', source: 'x = 1' }] });
  expect(first.ir.diagnostics.map(d => d.code)).toEqual(['parser-failed']);
  expect(FakeWorker.created[0].terminated).toBe(true);
  await client.analyze({ cells: [] });
  expect(FakeWorker.created).toHaveLength(2);
  expect(FakeWorker.created[0].posted).toHaveLength(1);
  expect(FakeWorker.created[1].posted).toHaveLength(1);
  expect(client.restarts).toBe(0);
  client.dispose();
});

test("the worker's module requests are answered through the reader, and the watchdog waits for them", async () => {
  class AskingWorker extends FakeWorker {
    postMessage(msg: any) {
      this.posted.push(msg);
      const send = (data: any) => setTimeout(() => this.listeners.get('message')?.forEach(fn => fn({ data })), 1);
      if (msg.type === 'analyze') {
        send({ type: 'modules', id: msg.id, request: 7, environment: 'py311', names: ['tinyzoo'], stat: false });
      } else if (msg.type === 'modules') {
        send({ type: 'result', id: 1, ir: { models: [], diagnostics: [{ severity: 'info', code: 'x', message: JSON.stringify(msg) }] }, ms: 1 });
      }
    }
  }
  const asked: Array<[string, string[], boolean]> = [];
  const client = new AnalysisClient({
    watchdogMs: 40,
    createWorker: () => new AskingWorker('hang') as unknown as Worker,
    modules: async (env, names, stat) => {
      asked.push([env, names, stat]);
      await new Promise(r => setTimeout(r, 100)); // longer than the watchdog: it must not fire
      return { available: true, modules: [{ name: 'tinyzoo', found: false, reason: 'absent' }] };
    }
  });
  const result = await client.analyze({ cells: [], environment: 'py311' });
  expect(asked).toEqual([['py311', ['tinyzoo'], false]]);
  expect(JSON.parse(result.ir.diagnostics[0].message)).toEqual({ type: 'modules', request: 7, reply: { available: true, modules: [{ name: 'tinyzoo', found: false, reason: 'absent' }] } });
  expect(client.restarts).toBe(0);
  client.dispose();
});
