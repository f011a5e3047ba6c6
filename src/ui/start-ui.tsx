// Mounts the console. Replaced by the full UI; kept minimal until the dashboard lands.
import { render, Text } from 'ink';
import type { GlobalValues } from '../cli/cli-args.js';

export async function startUi(values: GlobalValues): Promise<number> {
  const app = render(<Text>opsdeck {values.profile ?? ''}</Text>, { exitOnCtrlC: true });
  await app.waitUntilExit();
  return 0;
}
