// Headless output that carries text from services, steps, files, configs or inputs: through the
// one sanitizer before it reaches a terminal (or a file someone will cat). Line breaks stay;
// every other control character is shown, never obeyed.
import { terminalSafe } from '../domain/text/terminal-text.js';

export function safeText(text: string): string {
  return terminalSafe(text, { mode: 'multiline', tabWidth: false });
}

export function writeSafe(stream: NodeJS.WritableStream, text: string): boolean {
  return stream.write(safeText(text));
}
