import { describe, expect, it } from '@jest/globals';
import { toLogLine } from '../../src/action/log-line.js';

describe('toLogLine', () => {
  it.each([
    [
      'a newline followed by a workflow command',
      'Evil\n::error::pwned',
      'Evil\n:\u200b:error:\u200b:pwned',
    ],
    ['an ANSI colour sequence', 'red \u001b[31mtext', 'red \\u001b[31mtext'],
    ['a NUL and a carriage return', 'a\u0000b\rc', 'a\\u0000b\\u000dc'],
    ['a C1 control character', 'x\u009by', 'x\\u009by'],
  ])('neutralises %s', (_name, text, expected) => {
    expect(toLogLine(text)).toBe(expected);
    for (const line of toLogLine(text).split('\n'))
      expect(line.trimStart().startsWith('::')).toBe(false);
  });

  it('leaves ordinary text, tabs and newlines alone', () => {
    expect(toLogLine('Plan for "App":\tok\n  + secret')).toBe('Plan for "App":\tok\n  + secret');
  });
});
