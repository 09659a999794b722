import { describe, expect, it } from 'vitest';
import { UsageError } from '../args.js';
import { serveCommand } from './serve.js';

describe('ledgerloop serve', () => {
  it('refuses a bad --port or --host before opening anything', async () => {
    await expect(serveCommand.run(['--port', 'eighty'])).rejects.toThrow(/--port must be a whole number from 0 to 65535, not 'eighty'/);
    await expect(serveCommand.run(['--port', '70000'])).rejects.toThrow(UsageError);
    await expect(serveCommand.run(['--host', 'my host'])).rejects.toThrow(/--host must be an address or host name, not 'my host'/);
  });

  it('explains itself: address, port, planner, the one-process database', () => {
    for (const word of ['--host', '127.0.0.1', '--port', '--planner', 'npm run build', 'one process']) expect(serveCommand.help).toContain(word);
  });
});
