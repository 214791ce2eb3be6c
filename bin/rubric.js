#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// Output piped into `head` and the like: the reader has gone, so stop quietly as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err?.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // A bug in the tool, not in the user's rubric: say so plainly, without a stack trace.
    process.stderr.write(`rubric: 内部错误：${err?.message ?? err}\n请将此信息报告给维护者。\n`);
    if (process.env.RUBRIC_DEBUG) process.stderr.write(`${err?.stack}\n`);
    process.exitCode = 70;
  },
);
