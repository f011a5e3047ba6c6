// The run screen's footer offers only what works in the state the run is in, and Esc always
// leaves: with a question open (it waits; :attach comes back to it and it is answered), while a
// step runs (it goes on), and once the run is over (no ^C any more). A real console session,
// real steps (in-process runner), frames ANSI-stripped.
import { describe, expect, it } from 'vitest';
import type { TuiHarness } from '../../helpers/ink.js';
import { closeConsolesAfterEach, mountRunbookConsole } from '../../helpers/runbook-console.js';

closeConsolesAfterEach();

function mount() {
  return mountRunbookConsole('local', { columns: 120, rows: 30 }).tui;
}

const footer = (frame: string): string => frame.trimEnd().split('\n').pop() ?? '';

async function command(t: TuiHarness, text: string) {
  await t.press(':');
  await t.type(text);
  await t.press('enter');
}

describe('run screen keys', () => {
  it('a question open: the footer is the question\'s keys and Esc; Esc leaves with it waiting, :attach returns, it is answered', async () => {
    const t = mount();
    await t.waitFor('worker');
    await command(t, 'run greet');
    await t.waitFor('who:');
    await t.type('bob');
    await t.press('enter', 'enter', 'enter');
    await t.waitFor('Plan: Greet someone');
    await t.press('enter');
    let frame = await t.waitFor('Run step paint');
    expect(footer(frame)).toBe('y yes, run it  s skip this step  n/Enter no (default)  Esc back (the question waits)');

    await t.press('escape');
    frame = await t.waitFor('Runbooks for local');
    expect(frame).toMatch(/run \S+ waits for an answer: :attach returns to it/);
    await command(t, 'attach');
    frame = await t.waitFor('Run step paint');
    expect(frame).toContain('[y/N]');
    await t.press('y');
    frame = await t.waitFor('Run step big');
    expect(footer(frame)).toMatch(/^Enter confirm \/ nothing typed: no {2}Esc back \(the question waits\)$/);
    // Enter with nothing typed is a no, not a refusal asked again.
    await t.press('enter');
    frame = await t.waitFor('Run stopped');
    expect(frame).toContain('confirmation big declined');
    expect(frame).toMatch(/paint +succeeded/);
    expect(footer(frame)).toBe('k/j output up  Esc back to the runbooks  ? help  e environment  : command  q quit');
    await t.press('escape');
    await t.waitFor('Runbooks for local');
  });

  it('a step running: ^C is offered and Esc leaves (the step goes on); back on it, the end offers no ^C', async () => {
    const t = mount();
    await t.waitFor('worker');
    await command(t, 'run slow');
    await t.waitFor('takes no inputs');
    await t.press('enter');
    await t.waitFor('Plan: Slow one');
    await t.press('enter');
    let frame = await t.waitFor(/▶ nap +elapsed/);
    expect(footer(frame)).toBe('^C abort the step (asks)  k/j output up  Esc back (run goes on)  ? help  e environment  : command  q quit');
    await t.press('escape');
    frame = await t.waitFor('Runbooks for local');
    expect(frame).toMatch(/run \S+ goes on without this console: :attach returns to it/);
    await command(t, 'attach');
    await t.waitFor(/▶ nap +elapsed/);
    await t.press('ctrl+c');
    frame = await t.waitFor('Abort the running step?');
    // Esc cancels the operator's own Ctrl-C here (it does not leave).
    expect(footer(frame)).toBe('y/a yes, abort (kills the step)  n/Enter/Esc no (default)');
    await t.press('y');
    frame = await t.waitFor(/Step nap aborted|Run aborted/);
    if (/Step nap aborted/.test(frame)) {
      await t.press('x');
      frame = await t.waitFor(/Run (aborted|failed|stopped)/);
    }
    expect(footer(frame)).not.toContain('^C');
    expect(footer(frame)).toContain('Esc back to the runbooks');
  });
});
