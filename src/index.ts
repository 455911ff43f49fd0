// Entry point of the bundle (dist/index.js): runs the action once.
import { run } from './main.js';

await run();
