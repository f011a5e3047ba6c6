// Top line: where am I and as whom. A protected environment is impossible to miss, with or
// without colour (inverse video and the word PROTECTED).
import { Box, Text } from 'ink';
import { useTheme } from '../theme/theme-context.js';
import { terminalSafe } from '../../domain/text/terminal-text.js';

export interface HeaderItem {
  /** e.g. "lock: ana@bastion (deploy)", "INCIDENT P1 12m/15m", "maintenance 02:00-04:00". */
  text: string;
  tone?: 'info' | 'warn' | 'alert';
}

export interface HeaderProps {
  profile: string;
  environment: string;
  protectedEnv: boolean;
  identity: string;
  width: number;
  /** Extra items from later features (lock holder, incident, maintenance window). @default [] */
  items?: readonly HeaderItem[];
}

export function Header({ profile, environment, protectedEnv, identity, width, items = [] }: HeaderProps) {
  const t = useTheme();
  // Names and lock holders come from configs and files other processes wrote: shown, never obeyed.
  const env = terminalSafe(protectedEnv ? ` ${environment} PROTECTED ` : environment);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>opsdeck</Text>
        {`  profile `}
        <Text bold>{terminalSafe(profile)}</Text>
        {`  env `}
        {protectedEnv ? (
          <Text inverse bold color={t.c('red')}>
            {env}
          </Text>
        ) : (
          <Text bold color={t.c('green')}>
            {env}
          </Text>
        )}
        {items.map((i, n) => (
          <Text key={n} color={i.tone === 'alert' ? t.c('red') : i.tone === 'warn' ? t.c('yellow') : undefined} bold={i.tone === 'alert'}>
            {terminalSafe(`  ${i.text}`)}
          </Text>
        ))}
        <Text dimColor>{terminalSafe(`  ${identity}`)}</Text>
      </Text>
      <Text dimColor>{t.glyphs.rule.repeat(Math.max(0, width))}</Text>
    </Box>
  );
}
