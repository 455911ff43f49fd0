// The administrator's terminal: lines out, answers in. Questions are asked only on a TTY.
import { createInterface } from 'node:readline/promises';

/** Where the bootstrap prints and asks. */
export interface Terminal {
  /** True when questions can be asked (stdin is a terminal). */
  interactive: boolean;
  print: (line: string) => void;
  /** Asks a question; an empty answer returns `fallback`. */
  ask(question: string, fallback: string): Promise<string>;
}

/** Returns the process's terminal. */
export function openTerminal(): Terminal {
  return {
    // @types/node says boolean, but isTTY is undefined when stdin is a pipe or a file.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-boolean-literal-compare
    interactive: process.stdin.isTTY === true,
    print: (line) => process.stdout.write(`${line}\n`),
    async ask(question, fallback) {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        const hint = fallback ? ` [${fallback}]` : '';
        return (await rl.question(`${question}${hint}: `)).trim() || fallback;
      } finally {
        rl.close();
      }
    },
  };
}
