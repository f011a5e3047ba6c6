// One line of text for an incident: a note (`n`), the commander (`a`), or the resolution
// summary (`R`). Enter saves it to the incident file (every console sees it), Esc cancels.
import { Box, Text } from 'ink';
import { useNav, useSession } from '../../app-context.js';
import { useKeyLayer } from '../../keys/use-key-layer.js';
import { PRIORITY } from '../../keys/key-router.js';
import { useTheme } from '../../theme/theme-context.js';
import { useSyncState } from '../../use-sync-state.js';
import { errorMessage } from '../../../domain/errors.js';
import { terminalSafe } from '../../../domain/text/terminal-text.js';
import { editText } from '../../presentation/incident-form.js';
import { INCIDENT_TEXT_KEYS } from './incident-keys.js';

const LABEL = { note: 'note', assign: 'incident commander', resolve: 'resolution summary (optional)' } as const;

export function IncidentTextScreen({ id, purpose, active }: { id: string; purpose: 'note' | 'assign' | 'resolve'; active: boolean }) {
  const session = useSession();
  const nav = useNav();
  const t = useTheme();
  const [text, setText, ref] = useSyncState('');
  const save = () => {
    const desk = session.incidents.desk;
    try {
      if (purpose === 'note') desk.note(id, ref.current);
      else if (purpose === 'assign') desk.assign(id, ref.current);
      else desk.resolve(id, ref.current);
      session.incidents.refresh();
      session.note('ok', purpose === 'note' ? `${id}: note added` : purpose === 'assign' ? `${id}: commander ${ref.current}` : `${id} resolved; x on it exports the postmortem draft`);
      nav.back();
    } catch (e) {
      session.note('error', errorMessage(e));
    }
  };
  useKeyLayer(PRIORITY.screen, INCIDENT_TEXT_KEYS, (action) => (action === 'save' ? save() : nav.back()), {
    active,
    capture: (input, key) => {
      const next = editText(ref.current, input, key, 2000);
      if (next === undefined) return false;
      setText(next);
      return true;
    },
  });
  return (
    <Box flexDirection="column">
      <Text bold>{`${id}: ${purpose === 'resolve' ? 'resolve' : `add ${LABEL[purpose]}`}`}</Text>
      <Text wrap="wrap">
        {`${LABEL[purpose]}: `}
        <Text inverse>{terminalSafe(text) || ' '}</Text>
        <Text inverse> </Text>
      </Text>
      <Text dimColor>{t.text(purpose === 'resolve' ? 'Enter resolves the incident · Esc cancels' : 'Enter saves · Esc cancels')}</Text>
      {purpose === 'note' ? <Text dimColor color={t.c('cyan')}>Notes restart the update clock; every console on this host shows them.</Text> : null}
    </Box>
  );
}
