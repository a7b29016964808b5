// Runs the bundled CLI (bin/archlens.js, or the bundle named by ARCHLENS_BIN) in this process with the given arguments and, when
// it is done, writes one JSON line to file descriptor 3: the exit code, the elapsed wall time,
// the CPU time (user + system) and the peak resident set size of the whole process
// (process.resourceUsage(): maxRSS covers the process' whole life, wasm memory included).
// Used by tests that bound what a hostile input may cost the CLI.
const { writeSync } = require('fs');
const path = require('path');

const started = process.hrtime.bigint();
const { run } = require(process.env.ARCHLENS_BIN || path.join(__dirname, '..', '..', 'bin', 'archlens.js'));
run(process.argv.slice(2)).then(
  code => report(code),
  error => {
    process.stderr.write(`internal error: ${error && error.stack}\n`);
    report(3);
  }
);

function report(code) {
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const usage = process.resourceUsage();
  const maxRssMB = usage.maxRSS / 1024;
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  writeSync(3, JSON.stringify({ code, ms, cpuMs, maxRssMB }) + '\n');
  process.exitCode = code;
}
