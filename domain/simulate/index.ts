export { simulate, type SimulateOptions, type SimulateResult } from './run.js';
export { buildWorld, POPULATION, type World } from './world.js';
export { SIMULATOR } from './setup.js';
export { addDemoUsers, DEMO_USERS } from './demo-users.js';
