"""Expected results of Python's format(value, spec) for tests/core/format.test.ts.

Run with any CPython 3: python3 scripts/truth/gen_format_cases.py > fixtures/format/cpython_format_cases.json
Each case is [value, spec, result]; floats are written as {"f": x}; result null = ValueError.
"""
import json

vals = [0, 7, -7, 42, 1234567, -1234567, 255, 3.14159, -2.5, 0.000123, 1234.5678, 1e-7, 123456789.0, 0.5, 100.0, 2.675, 1.005, 0.125, 0.375, 1.5, 2.5, 1e16, 1e-05, 12345.6789, 9.9999, 0.0, -0.0, 'abc', 'layer']
specs = ['02d', '03', '5d', '<5', '>6', '^7', '*^9', '+d', ' d', 'x', 'X', 'o', 'b', '08b', ',', ',d', '_', '.2f', '.0f', '10.3f', '<10.2f',
         '.1%', '.0%', '.3e', '.2E', 'e', '.3g', 'g', '.2g', 'G', '+.1f', '010.2f', '.3', 's', '>8s', '.2s', '=8', '08,', 'f', '%']
cases = []
for v in vals:
    for sp in specs:
        try:
            r = format(v, sp)
        except Exception:
            r = None
        cases.append([v if not isinstance(v, float) else {'f': v}, sp, r])
print(json.dumps(cases))
