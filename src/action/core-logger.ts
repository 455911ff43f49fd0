// The logger port on @actions/core: log lines made safe from workflow commands, annotations, groups.
import * as core from '@actions/core';
import { logInfo } from './log-line.js';
import type { Logger } from './logger.js';

/** The job log of a GitHub Actions runner. */
export const coreLogger: Logger = {
  info: logInfo,
  warning: (message, options) => (options ? core.warning(message, options) : core.warning(message)),
  notice: (message) => core.notice(message),
  error: (message) => core.error(message),
  group: (header, lines) => {
    core.startGroup(header);
    for (const line of lines) logInfo(line);
    core.endGroup();
  },
};
