import { describe, it, expect } from '@jest/globals';
import { parseDocument } from 'yaml';
describe('toolchain', () => { it('parses yaml under ESM', () => { expect(parseDocument('a: 1').toJS()).toEqual({ a: 1 }); }); });
