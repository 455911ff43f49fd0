// The only module that reads workflow inputs: turns them into the typed Settings.
import * as core from '@actions/core';
import { parseSettings, type Settings } from './settings.js';

/** Reads and validates every input of action.yml. */
export function readSettings(): Settings {
  return parseSettings((name) => core.getInput(name), process.env);
}
