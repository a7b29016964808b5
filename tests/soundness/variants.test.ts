// The soundness fuzzer's variant maker (tests/soundness/variants.ts): each kind of hiding
// rewrites whole lines and leaves the rest of the source as it was.
// Does not: analyse the variants (soundness.test.ts does).
import { getParser } from '../helpers/parser';
import { sourceVariants } from './variants';

describe('soundness variants', () => {
  test('each kind rewrites whole lines and keeps the rest of the source', async () => {
    const parser = await getParser();
    const src = [
      'from dataclasses import dataclass',
      'import torch.nn as nn',
      'N = 3',
      'W = int("4")',
      '@dataclass',
      'class Cfg:',
      '    d: int = 4',
      'def helper(n):',
      '    return nn.Linear(n, n)',
      'class Net(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.fc = helper(N)',
      '    @staticmethod',
      '    def f(x):',
      '        return x',
      'net = Net()',
      'y = net(N)',
      ''
    ].join('\n');
    const vs = sourceVariants(parser, src);
    const by = (kind: string, what: string): string => {
      const v = vs.find(x => x.kind === kind && x.what === what);
      if (!v || v.text === null) {
        throw new Error(`no ${kind} ${what}: ${vs.map(x => `${x.kind} ${x.what}`).join(', ')}`);
      }
      return v.text;
    };
    expect(by('hide-constant', 'N@3').split('\n')[2]).toBe('from _hidden_mod import N');
    expect(by('hide-assign', 'W@4').split('\n')[3]).toBe('from _hidden_mod import W');
    expect(by('hide-dataclass', 'Cfg@5').split('\n').slice(4, 6)).toEqual(['from _hidden_mod import Cfg', 'def helper(n):']);
    expect(by('hide-def', 'helper@8').split('\n').slice(7, 9)).toEqual(['from _hidden_mod import helper', 'class Net(nn.Module):']);
    expect(by('hide-class', 'Net@10').split('\n').slice(9)).toEqual(['from _hidden_mod import Net', 'net = Net()', 'y = net(N)', '']);
    // A value made from the program's objects is made by hidden code handed them.
    expect(by('hide-assign', 'y@18').split('\n').slice(17)).toEqual(['from _hidden_mod import _hidden_fn', 'y = _hidden_fn(net, N)', '']);
    expect(by('hide-base', 'Net(nn.Module)@10').split('\n').slice(9, 11)).toEqual(['from _hidden_mod import Module as _Hidden_Module', 'class Net(_Hidden_Module):']);
    expect(by('hide-method', 'Net.f@14').split('\n').slice(13, 15)).toEqual(['    from _hidden_mod import f', 'net = Net()']);
    expect(by('wrap-decorator', 'Net.__init__@11').split('\n').slice(9, 13)).toEqual([
      'from _hidden_mod import _hidden_deco',
      'class Net(nn.Module):',
      '    @_hidden_deco',
      '    def __init__(self):'
    ]);
    expect(by('wrap-decorator', 'helper@8').split('\n').slice(7, 10)).toEqual(['from _hidden_mod import _hidden_deco', '@_hidden_deco', 'def helper(n):']);
    // Nothing else: one variant per site and kind.
    expect(vs.map(v => `${v.kind} ${v.what}`).sort()).toEqual(
      [
        'hide-constant N@3',
        'hide-assign W@4',
        'hide-dataclass Cfg@5',
        'wrap-decorator Cfg@5',
        'hide-def helper@8',
        'wrap-decorator helper@8',
        'hide-class Net@10',
        'wrap-decorator Net@10',
        'hide-base Net(nn.Module)@10',
        'hide-method Net.__init__@11',
        'wrap-decorator Net.__init__@11',
        'hide-method Net.f@14',
        'wrap-decorator Net.f@14',
        'hide-assign net@17',
        'hide-assign y@18'
      ].sort()
    );
  });
});
